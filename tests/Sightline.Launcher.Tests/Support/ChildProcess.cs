using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sightline.Launcher.Tests.Support;

/// <summary>
/// A real child process with its output collected line by line; disposing it kills the whole process tree, so a
/// failing test never leaves an app (or the port it holds) behind.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output => string.Join('\n', _stdout);

    public string Errors => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/>; the given variables are added to (or, when null, removed from) the test's environment.</summary>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };

        // Nothing of the test host's own agent-related settings may leak into the child.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("SIGHTLINE_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k == "DOTNET_STARTUP_HOOKS").ToList())
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

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start " + file));
    }

    /// <summary>Waits for a line of standard output that starts with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        while (true)
        {
            if (_stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited || cancel.IsCancellationRequested)
            {
                // Give the output readers a moment to drain before reporting what the child said.
                await Task.Delay(100, TestContext.Current.CancellationToken);
                throw new InvalidOperationException(
                    $"no line starting with '{prefix}' ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")});\nstdout:\n{Output}\nstderr:\n{Errors}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for the process to exit by itself; kills it past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
            throw new TimeoutException($"the child did not exit;\nstdout:\n{Output}\nstderr:\n{Errors}");
        }

        // WaitForExitAsync returns once the process ended; the redirected streams may still be draining.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop as Ctrl+C would (SIGTERM), so exit handlers run, and waits for it.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        return await WaitForExitAsync(timeout);
    }

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

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
