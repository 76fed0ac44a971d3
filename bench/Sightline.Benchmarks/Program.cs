using BenchmarkDotNet.Running;
using Sightline.Benchmarks.Agent;
using Sightline.Benchmarks.Tracing;

// Run by hand: dotnet run -c Release --project bench/Sightline.Benchmarks -- --filter '*'
// A failed benchmark makes the process exit non-zero, so a script can tell.
if (args.Length > 0 && args[0] == InterleavedStartup.Command)
{
    return await InterleavedStartup.RunAsync(args);
}

if (args.Length > 0 && args[0] == InterleavedSpans.Command)
{
    return InterleavedSpans.Run(args);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
