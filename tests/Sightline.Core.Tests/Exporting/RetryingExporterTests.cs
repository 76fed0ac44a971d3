using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Tests.Buffering;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Tests.Exporting;

public sealed class RetryingExporterTests
{
    private static readonly ExportRetryOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        MaxBacklogSpans = 1000,
    };

    [Fact]
    public async Task A_backend_that_is_down_then_back_gets_every_batch_in_order()
    {
        var backend = new RecordingExporter { Down = true };
        using var metrics = new SpanPipelineMetrics();
        var exporter = new RetryingExporter(backend, Fast, metrics);

        for (var i = 0; i < 5; i++)
        {
            await exporter.ExportAsync(TestSpans.Many(3, $"batch{i}"), TestContext.Current.CancellationToken);
        }

        Eventually.True(() => metrics.ForExporter(backend.Name).Retries >= 2, "a few retries against the dead backend");
        backend.Down = false;
        Eventually.True(() => backend.Names.Length == 15, "all fifteen spans once the backend is back");

        Assert.Equal(Enumerable.Range(0, 5).SelectMany(b => Enumerable.Range(0, 3).Select(s => $"batch{b}-{s}")), backend.Names);
        var counters = metrics.ForExporter(backend.Name);
        Assert.Equal(15, counters.Exported);
        Assert.True(counters.Failures >= 2);
        Assert.Equal(0, counters.DroppedTotal);
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_backlog_stays_inside_its_bound_by_dropping_the_oldest()
    {
        var backend = new RecordingExporter { Down = true };
        using var metrics = new SpanPipelineMetrics();
        var exporter = new RetryingExporter(backend, Fast with { MaxBacklogSpans = 8 }, metrics);

        for (var i = 0; i < 6; i++)
        {
            await exporter.ExportAsync(TestSpans.Many(4, $"batch{i}"), TestContext.Current.CancellationToken);
            Assert.InRange(exporter.BacklogSpans, 0, 8 + 4);
        }

        Eventually.True(() => metrics.ForExporter(backend.Name).Failures >= 1, "the backend to fail once");
        backend.Down = false;
        Eventually.True(() => exporter.BacklogSpans == 0, "the backlog to drain");

        var counters = metrics.ForExporter(backend.Name);
        Assert.Equal(24, counters.Exported + counters.Dropped(DropReason.RetryBacklogFull));
        Assert.True(counters.Dropped(DropReason.RetryBacklogFull) >= 12, $"dropped {counters.Dropped(DropReason.RetryBacklogFull)}");
        Assert.Equal(["batch5-0", "batch5-1", "batch5-2", "batch5-3"], backend.Names.TakeLast(4));
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_slow_backend_never_holds_up_the_caller()
    {
        var backend = new RecordingExporter();
        backend.Hold();
        using var metrics = new SpanPipelineMetrics();
        var exporter = new RetryingExporter(backend, Fast, metrics);

        var first = exporter.ExportAsync(TestSpans.Many(2, "a"), TestContext.Current.CancellationToken);
        Eventually.True(() => Volatile.Read(ref backend.Waiting) == 1, "the sender to sit in the slow backend");
        var second = exporter.ExportAsync(TestSpans.Many(2, "b"), TestContext.Current.CancellationToken);

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.Equal(ExportResult.Success, await second);
        backend.Release();
        await exporter.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["a-0", "a-1", "b-0", "b-1"], backend.Names);
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_rejected_batch_is_dropped_without_retrying()
    {
        var backend = new RecordingExporter { Rejecting = true };
        using var metrics = new SpanPipelineMetrics();
        var exporter = new RetryingExporter(backend, Fast, metrics);

        await exporter.ExportAsync(TestSpans.Many(3), TestContext.Current.CancellationToken);
        Eventually.True(() => exporter.BacklogSpans == 0, "the rejected batch to leave the backlog");

        var counters = metrics.ForExporter(backend.Name);
        Assert.Equal(3, counters.Dropped(DropReason.Rejected));
        Assert.Equal(0, counters.Retries);
        Assert.Equal(1, backend.Calls);
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Shutdown_with_the_backend_down_counts_the_unsent_spans()
    {
        var backend = new RecordingExporter { Down = true };
        using var metrics = new SpanPipelineMetrics();
        var exporter = new RetryingExporter(backend, Fast, metrics);
        await exporter.ExportAsync(TestSpans.Many(5), TestContext.Current.CancellationToken);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await exporter.ShutdownAsync(deadline.Token);

        Assert.Equal(5, metrics.ForExporter(backend.Name).Dropped(DropReason.Shutdown));
        Assert.True(backend.ShutDown);
        Assert.Equal(0, exporter.BacklogSpans);
    }

    [Fact]
    public async Task Shutdown_gives_up_on_a_backend_that_keeps_failing_instead_of_holding_the_app_until_the_deadline()
    {
        var backend = new RecordingExporter { Down = true };
        using var metrics = new SpanPipelineMetrics();
        var exporter = new RetryingExporter(backend, Fast, metrics);
        await exporter.ExportAsync(TestSpans.Many(5), TestContext.Current.CancellationToken);

        // A deadline no test run reaches: finishing before it proves the exporter gave up by itself.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await exporter.ShutdownAsync(deadline.Token);

        Assert.False(deadline.IsCancellationRequested);
        Assert.True(metrics.ForExporter(backend.Name).Failures >= RetryingExporter.ShutdownFailureLimit);
        Assert.Equal(5, metrics.ForExporter(backend.Name).Dropped(DropReason.Shutdown));
    }

    [Fact]
    public void Retry_settings_that_cannot_work_are_refused_by_name()
    {
        using var metrics = new SpanPipelineMetrics();
        var error = Assert.Throws<ArgumentException>(() => new RetryingExporter(new RecordingExporter(), Fast with { MaxBackoff = TimeSpan.FromMilliseconds(1) }, metrics));
        Assert.Equal("MaxBackoff", error.ParamName);
    }
}
