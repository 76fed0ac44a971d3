using System.Diagnostics;
using System.Runtime.InteropServices;
using Sightline.LoadTest;
using Sightline.LoadTest.Measuring;
using Sightline.LoadTest.Running;

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (LoadTestException e)
{
    Console.Error.WriteLine("loadtest: " + e.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("loadtest: Linux only (taskset, /proc)");
    return 2;
}

if (WrkRunner.Missing() is { } missing)
{
    Console.Error.WriteLine("loadtest: " + missing);
    return 2;
}

if (Math.Max(options.AppCpu, options.LoadCpu) >= Environment.ProcessorCount)
{
    Console.Error.WriteLine($"loadtest: this machine has {Environment.ProcessorCount} CPU(s); --app-cpu {options.AppCpu} and --load-cpu {options.LoadCpu} must both be below that (the test needs two)");
    return 2;
}

// The driver and the receiver it hosts run on the load CPU, beside wrk and the downstream services.
Process.GetCurrentProcess().ProcessorAffinity = (nint)(1L << options.LoadCpu);

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var root = RepositoryRoot();
var file = options.Output ?? Path.Combine(root, "bench", "LoadTest", "results", "last-run.md");
try
{
    await using var run = new LoadTestRun(options, root, Console.Out);
    var report = await run.RunAsync(cancel.Token);
    var markdown = report.ToMarkdown();
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, markdown, CancellationToken.None);
    Console.WriteLine();
    Console.Write(markdown);
    Console.WriteLine();
    Console.WriteLine("Written to " + Path.GetFullPath(file));
    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("loadtest: interrupted; every process it started is stopped.");
    return 130;
}
catch (LoadTestException e)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("loadtest: " + e.Message);
    return 1;
}

static string RepositoryRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new LoadTestException("Agent.sln not found above the current folder: run from the repository");
}
