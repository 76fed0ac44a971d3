using BenchmarkDotNet.Running;

// Run by hand: dotnet run -c Release --project bench/Sightline.Benchmarks -- --filter '*'
// A failed benchmark makes the process exit non-zero, so a script can tell.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
