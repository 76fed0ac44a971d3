using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sightline.Benchmarks.Agent;

/// <summary>What a start-up comparison starts: the small app alone, with the agent, or with the OpenTelemetry SDK.</summary>
public enum StartupCase
{
    /// <summary>tests/Assets/AgentTargetApp as it is.</summary>
    None,

    /// <summary>The same app with the agent's published distribution attached (DOTNET_STARTUP_HOOKS).</summary>
    Sightline,

    /// <summary>bench/OtelStartupApp: the same endpoint with the OpenTelemetry SDK and its ASP.NET Core and HttpClient instrumentation.</summary>
    OpenTelemetry,
}

/// <summary>One cold start: the time to the first answered request, and the CPU the app used until then.</summary>
/// <param name="FirstAnswer">From the process's start to its first answered request.</param>
/// <param name="Cpu">User and system time of all the app's threads, stopped right after that answer.</param>
internal readonly record struct StartupRun(TimeSpan FirstAnswer, TimeSpan? Cpu);

/// <summary>
/// The agent's distribution, the small ASP.NET Core app and its OpenTelemetry twin, built once into a temporary
/// folder, and one cold start of an app timed from the process's start to its first answered request.
/// </summary>
internal sealed class StartupProbe : IDisposable
{
    /// <summary>
    /// Starts to run before the counted ones, so the measuring process is quiet while the app starts: its first starts
    /// each cost it 50-150 ms of CPU (its own JIT and tier-up), on the two cores the app and the agent start on; from
    /// the ~15th, 2-20 ms (2026-11-25). With one warm-up start BenchmarkDotNet read +38 to +58 ms where the
    /// interleaved comparison, warm by then, read +16 to +20.
    /// </summary>
    public const int HarnessWarmUpStarts = 16;

    private readonly string _work;
    private readonly string _agent;
    private readonly string _app;
    private readonly string _otelApp;

    private StartupProbe(string work)
    {
        _work = work;
        _agent = Path.Combine(work, "agent", "Sightline.Agent.dll");
        _app = Path.Combine(work, "app", "AgentTargetApp.dll");
        _otelApp = Path.Combine(work, "otel", "OtelStartupApp.dll");
    }

    /// <summary>Publishes the agent and builds the two apps (Release) from this repository.</summary>
    public static StartupProbe Prepare()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("sightline-startup-").FullName;
        Run("dotnet", ["publish", Path.Combine(root, "agent", "Sightline.Agent"), "-c", "Release", "-o", Path.Combine(work, "agent"), "-nologo", "-v:q"]);
        Run("dotnet", ["build", Path.Combine(root, "tests", "Assets", "AgentTargetApp"), "-c", "Release", "-o", Path.Combine(work, "app"), "-nologo", "-v:q"]);
        Run("dotnet", ["build", Path.Combine(root, "bench", "OtelStartupApp"), "-c", "Release", "-o", Path.Combine(work, "otel"), "-nologo", "-v:q"]);
        return new StartupProbe(work);
    }

    /// <summary>Starts the app of <paramref name="startupCase"/> and returns the time to its first answer.</summary>
    public async Task<TimeSpan> FirstAnswerAsync(StartupCase startupCase) => (await StartAsync(startupCase)).FirstAnswer;

    /// <summary>
    /// Starts the app of <paramref name="startupCase"/>: the time to its first answer, and the CPU the process used
    /// until it was stopped right after (all its threads; null where it cannot be read).
    /// </summary>
    public async Task<StartupRun> StartAsync(StartupCase startupCase)
    {
        var port = FreePort();
        var app = startupCase == StartupCase.OpenTelemetry ? _otelApp : _app;
        var start = new ProcessStartInfo("dotnet", [app, "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, UseShellExecute = false };

        // Both exporters find no collector: each run pays what an application pays whose backend is not up yet.
        if (startupCase == StartupCase.Sightline)
        {
            start.Environment["DOTNET_STARTUP_HOOKS"] = _agent;
            start.Environment["OTEL_SERVICE_NAME"] = "startup-benchmark";
            start.Environment["SIGHTLINE_LOG_DIRECTORY"] = Path.Combine(_work, "logs");
        }

        // The app says when it listens: waiting for that line costs nothing, where polling the port with requests that
        // fail (an exception every 2 ms in this process) took CPU from the app's second core, the one a background
        // start uses.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the app exited before it answered"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var cpuBefore = ChildCpu.Total();
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        TimeSpan firstAnswer;
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
            using (var response = await client.GetAsync("/ping"))
            {
                response.EnsureSuccessStatusCode();
            }

            firstAnswer = clock.Elapsed;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Reaped now: its CPU is in this process's children's.
        return new StartupRun(firstAnswer, ChildCpu.Total() - cpuBefore);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static void Run(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with {process.ExitCode}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Agent.sln not found above " + AppContext.BaseDirectory);
    }
}
