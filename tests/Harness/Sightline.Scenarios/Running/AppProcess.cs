using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sightline.Scenarios.Running;

/// <summary>
/// A real child process with its output collected line by line; disposing it kills the whole process tree, so a
/// failing scenario never leaves an app, or the port it holds, behind.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private AppProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Standard output so far.</summary>
    public string Output => string.Join('\n', _stdout);

    /// <summary>Standard error so far.</summary>
    public string Errors => string.Join('\n', _stderr);

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="file"/>. The parent's SIGHTLINE_*, OTEL_* and DOTNET_STARTUP_HOOKS variables are removed
    /// first, so nothing but <paramref name="environment"/> configures the agent; a null value removes a variable.
    /// </summary>
    public static AppProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };

        foreach (var key in start.Environment.Keys.Where(IsAgentSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return new AppProcess(Process.Start(start) ?? throw new ScenarioException("could not start " + file));
    }

    /// <summary>Waits for a line of standard output starting with <paramref name="prefix"/>.</summary>
    /// <exception cref="ScenarioException">The process exited or the time ran out first.</exception>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                // The output readers may still be draining what the child wrote last.
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                throw new ScenarioException($"no line starting with '{prefix}' ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")}){Describe()}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the process to exit by itself; kills it and throws past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose();
            throw new ScenarioException("the process did not exit in time" + Describe());
        }

        // The exit is seen before the redirected streams are drained; this waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager or Ctrl+C would, so exit handlers run, and waits for the exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Output and errors, for failure messages.</summary>
    public string Describe() => $"\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Tail(Errors)}";

    /// <summary>Kills the process tree if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static bool IsAgentSetting(string key) =>
        key.StartsWith("SIGHTLINE_", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal) || key == "DOTNET_STARTUP_HOOKS";

    private static string Tail(string text) => text.Length > 6000 ? "…" + text[^6000..] : text;

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
