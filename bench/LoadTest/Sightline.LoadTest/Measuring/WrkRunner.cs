using System.Diagnostics;
using System.Globalization;

namespace Sightline.LoadTest.Measuring;

/// <summary>Runs <c>wrk --latency</c> on the load generator's CPU against one storefront and reads its summary.</summary>
public sealed class WrkRunner(string script, int threads, int connections, int cpu)
{
    /// <summary>Whether <c>wrk</c> is on the PATH; the message to show when it is not.</summary>
    public static string? Missing()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "wrk")));
        return found ? null : "wrk is not installed: `sudo apt-get install -y wrk` (Debian/Ubuntu), or build it from https://github.com/wg/wrk";
    }

    /// <summary>Loads <paramref name="port"/> for <paramref name="seconds"/>; killed with its children when cancelled.</summary>
    public async Task<WrkResult> RunAsync(int port, int seconds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("taskset",
        [
            "-c", cpu.ToString(CultureInfo.InvariantCulture), "wrk",
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--latency", "-s", script, $"http://127.0.0.1:{port}/",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new LoadTestException("could not start wrk");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        var text = await output + await errors;
        if (process.ExitCode != 0)
        {
            throw new LoadTestException($"wrk failed ({process.ExitCode}):\n{text}");
        }

        try
        {
            return WrkResult.Parse(text);
        }
        catch (FormatException e)
        {
            throw new LoadTestException(e.Message, e);
        }
    }
}
