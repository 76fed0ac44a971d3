using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sightline.LoadTest.Running;

/// <summary>
/// A program the load test started, pinned to one CPU with <c>taskset</c> (which execs it, so <see cref="Id"/> is the
/// program's own pid). Its output goes to a log file. Disposing it kills the whole process tree and waits, so its
/// ports are free afterwards, whatever happened.
/// </summary>
public sealed partial class ChildProcess : IDisposable
{
    private const int SignalTerminate = 15;

    // Settings of the driver's own environment that would change what a child does: only the configuration decides.
    private static readonly string[] NotInherited = ["DOTNET_STARTUP_HOOKS", "OTEL_", "SIGHTLINE_", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "Logging__", "Shop__", "CORECLR_", "DOTNET_gc"];

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LogFile { get; private init; } = string.Empty;

    /// <summary>Starts <paramref name="program"/> on CPU <paramref name="cpu"/> with <paramref name="environment"/> added.</summary>
    public static ChildProcess Start(string name, int cpu, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var start = new ProcessStartInfo("taskset", ["-c", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), program, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => NotInherited.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        try
        {
            var process = Process.Start(start) ?? throw new LoadTestException($"could not start {name}: {program}");
            return new ChildProcess(name, process, log) { LogFile = logFile };
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Dispose();
            throw new LoadTestException($"could not start {name} ({program}): {e.Message}", e);
        }
    }

    /// <summary>The last lines of its log, for an error message.</summary>
    public string Tail(int count = 20)
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = reader.ReadToEnd().Split('\n').TakeLast(count).Select(l => "    | " + l);
        return string.Join('\n', lines);
    }

    /// <summary>Asks it to stop (SIGTERM: .NET runs its shutdown, the exporters flush); kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, SignalTerminate);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
        }
    }

    /// <summary>Waits for it to end by itself.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Gone between the check and the kill.
        }

        lock (_log)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the process was disposed has nowhere to go.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
