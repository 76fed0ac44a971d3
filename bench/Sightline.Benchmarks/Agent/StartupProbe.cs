using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sightline.Benchmarks.Agent;

/// <summary>
/// The agent's distribution and the small ASP.NET Core app, built once into a temporary folder, and one cold start of
/// the app timed from the process's start to its first answered request.
/// </summary>
internal sealed class StartupProbe : IDisposable
{
    private readonly string _work;
    private readonly string _agent;
    private readonly string _app;

    private StartupProbe(string work)
    {
        _work = work;
        _agent = Path.Combine(work, "agent", "Sightline.Agent.dll");
        _app = Path.Combine(work, "app", "AgentTargetApp.dll");
    }

    /// <summary>Publishes the agent and builds the app (Release) from this repository.</summary>
    public static StartupProbe Prepare()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("sightline-startup-").FullName;
        Run("dotnet", ["publish", Path.Combine(root, "agent", "Sightline.Agent"), "-c", "Release", "-o", Path.Combine(work, "agent"), "-nologo", "-v:q"]);
        Run("dotnet", ["build", Path.Combine(root, "tests", "Assets", "AgentTargetApp"), "-c", "Release", "-o", Path.Combine(work, "app"), "-nologo", "-v:q"]);
        return new StartupProbe(work);
    }

    /// <summary>Starts the app (with the agent attached or not) and returns the time to its first answer.</summary>
    public async Task<TimeSpan> FirstAnswerAsync(bool withAgent)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [_app, "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, UseShellExecute = false };
        if (withAgent)
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
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
            using var response = await client.GetAsync("/ping");
            response.EnsureSuccessStatusCode();
            return clock.Elapsed;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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
