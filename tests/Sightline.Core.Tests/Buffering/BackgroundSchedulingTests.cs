using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;

namespace Sightline.Core.Tests.Buffering;

/// <summary>
/// The agent's busy threads run in SCHED_BATCH, read back from the kernel (/proc/self/task/*/stat): a wrong policy
/// number or a call on the wrong thread leaves them SCHED_OTHER (0).
/// </summary>
public sealed class BackgroundSchedulingTests
{
    private const int SchedBatch = 3;

    [Fact]
    public async Task Buffer_consumers_and_exporter_senders_run_as_batch_threads()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "thread scheduling classes are Linux's");
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        var sender = new RetryingExporter(exporter, new ExportRetryOptions(), metrics);
        using var buffer = new PartitionedSpanBuffer(new SpanBufferOptions { ChannelCount = 2, FlushOnProcessExit = false }, sender, metrics);

        // Linux keeps 15 characters of a thread's name; other tests' pipelines may be running too, all of them count.
        Eventually.True(() => PoliciesOf("Sightline.Buffe") is [_, ..] consumers && consumers.All(p => p == SchedBatch), "buffer consumers in SCHED_BATCH");
        Eventually.True(() => PoliciesOf("Sightline.Expor") is [_, ..] senders && senders.All(p => p == SchedBatch), "exporter senders in SCHED_BATCH");

        // Only the agent's threads: the test's own (a thread-pool thread) stays in the default class.
        Assert.Equal(0, PolicyIn(ReadOrEmpty("/proc/thread-self/stat")));
        await sender.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    private static int[] PoliciesOf(string name) =>
        [.. Directory.GetDirectories("/proc/self/task")
            .Where(task => ReadOrEmpty(Path.Combine(task, "comm")).TrimEnd() == name)
            .Select(task => PolicyIn(ReadOrEmpty(Path.Combine(task, "stat"))))
            .Where(policy => policy >= 0)];

    // Field 41 of stat; the name in field 2 may hold spaces and parentheses, so count from its closing one.
    private static int PolicyIn(string stat)
    {
        var close = stat.LastIndexOf(')');
        var fields = close < 0 ? [] : stat[(close + 2)..].Split(' ');
        return fields.Length > 38 && int.TryParse(fields[38], out var policy) ? policy : -1;
    }

    // A thread may end between listing and reading.
    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
