using System.Diagnostics;

namespace Sightline.Core.Tests.Buffering;

/// <summary>The buffer's process-exit flush, in a real child process that exits with spans still queued.</summary>
public sealed class FlushOnExitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-flush-").FullName;

    [Fact]
    public async Task Spans_queued_when_the_process_exits_are_all_written_by_the_exit_flush()
    {
        var app = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "apps", "flush-on-exit.path")).Trim();
        var output = Path.Combine(_folder, "spans.jsonl");
        var start = new ProcessStartInfo("dotnet", [app, output, "2500"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stdout} {stderr}");
        Assert.Contains("queued 2500", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(output);
        Assert.Equal(2500, lines.Length);
        Assert.Equal(2500, lines.Distinct(StringComparer.Ordinal).Count());
        Assert.All(lines, l => Assert.Contains("\"span-", l, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
