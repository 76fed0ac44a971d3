using System.Diagnostics;

namespace Shop.Demo;

/// <summary>
/// One program the demo started (<c>dotnet X.dll</c>), with its last lines of output kept for error messages.
/// Disposing it kills the whole process tree and waits for it, so its ports are free afterwards.
/// </summary>
public sealed class DemoProcess : IDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();

    private DemoProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/></c>. Agent, OpenTelemetry and ASP.NET Core address settings of the
    /// demo's own environment are not passed on: only <paramref name="environment"/> configures the child.
    /// </summary>
    public static DemoProcess Start(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var key in start.Environment.Keys.Where(IsInheritedSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        try
        {
            return new DemoProcess(name, Process.Start(start) ?? throw new DemoException($"could not start the {name}: dotnet {dll}"));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DemoException($"could not start the {name} (dotnet {dll}): {e.Message}", e);
        }
    }

    /// <summary>The last lines the process wrote (standard output and error, interleaved as they came).</summary>
    public string Tail(int count = 25)
    {
        lock (_lines)
        {
            var lines = _lines.Skip(Math.Max(0, _lines.Count - count)).Select(l => "    | " + l);
            return string.Join('\n', lines);
        }
    }

    /// <summary>How the process ended, for an error message; empty while it runs.</summary>
    public string ExitDescription() => _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";

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
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or exiting on its own while the kill was sent.
        }

        _process.Dispose();
    }

    private static bool IsInheritedSetting(string key) =>
        key.StartsWith("SIGHTLINE_", StringComparison.Ordinal)
        || key.StartsWith("OTEL_", StringComparison.Ordinal)
        || key.StartsWith("Shop__", StringComparison.Ordinal)
        || key is "DOTNET_STARTUP_HOOKS" or "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS" or "DOTNET_URLS";

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
