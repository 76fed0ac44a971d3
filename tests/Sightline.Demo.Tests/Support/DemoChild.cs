using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sightline.Demo.Tests.Support;

/// <summary>
/// The built demo run as users run it (<c>dotnet Shop.Demo.dll ...</c>) with its output collected line by line.
/// Disposing it kills its whole process tree, so a failing test leaves no service or port behind.
/// </summary>
internal sealed class DemoChild : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DemoChild(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _stdout);

    public string Errors => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    public static string DemoDll =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "apps", "Shop.Demo.path")).Trim();

    public static DemoChild Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [DemoDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        return new DemoChild(Process.Start(start) ?? throw new InvalidOperationException("could not start the demo"));
    }

    /// <summary>Waits for a line of output that starts with <paramref name="prefix"/>; fails with everything the demo said if it exits or the time runs out.</summary>
    public async Task WaitForLineAsync(string prefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!_stdout.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                await Task.Delay(200, cancellationToken);
                throw new InvalidOperationException(
                    $"the demo printed no line starting with '{prefix}' ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")}){Describe()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Sends SIGTERM, as a service manager would (Ctrl+C is SIGINT, handled the same way), and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cancellationToken);
        }

        return await WaitForExitAsync(timeout, cancellationToken);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose();
            throw new TimeoutException("the demo did not exit in time" + Describe());
        }

        // The exit is seen before the redirected streams are drained; this waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public string Describe() => $"\n--- demo output ---\n{Output}\n--- demo errors ---\n{Errors}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
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
