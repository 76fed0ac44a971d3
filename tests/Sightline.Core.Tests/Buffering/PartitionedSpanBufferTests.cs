using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;

namespace Sightline.Core.Tests.Buffering;

public sealed class PartitionedSpanBufferTests
{
    // One channel of four slots and a batch of one: the consumer takes one span, then sits in the held exporter.
    private static SpanBufferOptions Small(BufferPolicy policy) => new()
    {
        ChannelCount = 1,
        ChannelCapacity = 4,
        MaxBatchSize = 1,
        BatchDelay = TimeSpan.FromHours(1),
        Policy = policy,
        FlushOnProcessExit = false,
    };

    [Fact]
    public void Drop_newest_refuses_spans_once_full_and_counts_each()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        using var buffer = StuckOnFirstSpan(Small(BufferPolicy.DropNewest), exporter, metrics);

        var accepted = TestSpans.Many(10).Select(buffer.TryOffer).ToArray();

        Assert.Equal([true, true, true, true, false, false, false, false, false, false], accepted);
        Assert.Equal(6, buffer.Statistics().DroppedFull);
        Assert.Equal(11, buffer.Statistics().Offered);
        exporter.Release();
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(20)));
        Assert.Equal(["first", "span-0", "span-1", "span-2", "span-3"], exporter.Names);
    }

    [Fact]
    public void Overwrite_oldest_keeps_the_newest_spans_and_counts_each_eviction()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        using var buffer = StuckOnFirstSpan(Small(BufferPolicy.OverwriteOldest), exporter, metrics);

        var accepted = TestSpans.Many(10).Select(buffer.TryOffer).ToArray();

        Assert.All(accepted, Assert.True);
        Assert.Equal(6, buffer.Statistics().Overwritten);
        Assert.Equal(0, buffer.Statistics().DroppedFull);
        exporter.Release();
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(20)));
        Assert.Equal(["first", "span-6", "span-7", "span-8", "span-9"], exporter.Names);
        Assert.Equal(6, metrics.Snapshot().Dropped);
    }

    [Fact]
    public void Block_waits_for_room_and_loses_nothing()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        using var buffer = StuckOnFirstSpan(Small(BufferPolicy.Block) with { BlockTimeout = TimeSpan.FromSeconds(30) }, exporter, metrics);
        Assert.All(TestSpans.Many(4), span => Assert.True(buffer.TryOffer(span)));

        var late = TestSpans.Finished("late");
        var result = false;
        using var returned = new ManualResetEventSlim();
        var producer = new Thread(() =>
        {
            result = buffer.TryOffer(late);
            returned.Set();
        });
        producer.Start();
        Assert.False(returned.Wait(200, TestContext.Current.CancellationToken), "the producer should still be waiting for room");

        exporter.Release();
        Assert.True(returned.Wait(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.True(result);
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(20)));
        Assert.Equal(["first", "span-0", "span-1", "span-2", "span-3", "late"], exporter.Names);
        Assert.Equal(0, buffer.Statistics().DroppedFull);
    }

    [Fact]
    public void Block_gives_up_after_its_timeout_and_counts_the_drop()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        using var buffer = StuckOnFirstSpan(Small(BufferPolicy.Block) with { BlockTimeout = TimeSpan.FromMilliseconds(10) }, exporter, metrics);
        Assert.All(TestSpans.Many(4), span => Assert.True(buffer.TryOffer(span)));

        Assert.False(buffer.TryOffer(TestSpans.Finished("late")));

        Assert.Equal(1, buffer.Statistics().DroppedFull);
        exporter.Release();
    }

    [Fact]
    public void A_full_batch_is_handed_over_without_waiting_for_the_delay()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { ChannelCount = 2, MaxBatchSize = 10, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        using var buffer = new PartitionedSpanBuffer(options, exporter, metrics);

        foreach (var span in TestSpans.Many(25))
        {
            buffer.TryOffer(span);
        }

        Eventually.True(() => exporter.Batches.Count == 2, "two full batches");
        Assert.All(exporter.Batches, batch => Assert.Equal(10, batch.Length));
        Assert.Equal(25, buffer.Statistics().Accepted);
        Assert.Equal(2, exporter.Batches.Count);

        Assert.True(buffer.Flush(TimeSpan.FromSeconds(20)));
        Assert.Equal([10, 10, 5], exporter.Batches.Select(b => b.Length));
        Assert.Equal(TestSpans.Many(25).Select(s => s.DisplayName).Order(), exporter.Names.Order());
    }

    [Fact]
    public void A_partial_batch_is_handed_over_when_the_delay_passes()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { MaxBatchSize = 1000, BatchDelay = TimeSpan.FromMilliseconds(50), FlushOnProcessExit = false };
        using var buffer = new PartitionedSpanBuffer(options, exporter, metrics);

        foreach (var span in TestSpans.Many(3))
        {
            buffer.TryOffer(span);
        }

        Eventually.True(() => exporter.Names.Length == 3, "the three spans, by the time trigger");
        Assert.Equal(["span-0", "span-1", "span-2"], exporter.Names);
    }

    [Fact]
    public void Shutdown_flushes_everything_queued_and_shuts_the_exporter_down()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { ChannelCount = 4, Partitioning = PartitionStrategy.RoundRobin, MaxBatchSize = 1000, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        var buffer = new PartitionedSpanBuffer(options, exporter, metrics);
        foreach (var span in TestSpans.Many(100))
        {
            Assert.True(buffer.TryOffer(span));
        }

        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(20)));

        Assert.Equal(100, exporter.Names.Distinct().Count());
        Assert.True(exporter.ShutDown);
        Assert.Equal(0, buffer.Statistics().Queued);
        Assert.False(buffer.TryOffer(TestSpans.Finished("after")), "a span offered after shutdown is dropped");
        Assert.Equal(1, buffer.Statistics().DroppedShutdown);
    }

    [Fact]
    public void Shutdown_keeps_its_deadline_with_a_hung_exporter_and_counts_what_is_left()
    {
        var exporter = new RecordingExporter();
        using var metrics = new SpanPipelineMetrics();
        var buffer = StuckOnFirstSpan(Small(BufferPolicy.DropNewest), exporter, metrics);
        Assert.All(TestSpans.Many(3), span => Assert.True(buffer.TryOffer(span)));

        Assert.False(buffer.Shutdown(TimeSpan.FromMilliseconds(200)));

        Assert.Equal(3, buffer.Statistics().DroppedShutdown);
        Assert.Empty(exporter.Names);
        exporter.Release();
    }

    [Fact]
    public void A_throwing_exporter_is_counted_and_the_consumer_carries_on()
    {
        var exporter = new RecordingExporter { Throwing = true };
        using var metrics = new SpanPipelineMetrics();
        using var buffer = new PartitionedSpanBuffer(Small(BufferPolicy.DropNewest), exporter, metrics);

        buffer.TryOffer(TestSpans.Finished("lost"));
        Eventually.True(() => metrics.ForExporter(exporter.Name).Failures == 1, "the failure to be counted");
        exporter.Throwing = false;
        buffer.TryOffer(TestSpans.Finished("kept"));

        Eventually.True(() => exporter.Names.Length == 1, "the next span to be exported");
        Assert.Equal(["kept"], exporter.Names);
        Assert.Equal(1, metrics.ForExporter(exporter.Name).Dropped(DropReason.ExportFailed));
        Assert.Equal(1, metrics.InternalErrors);
    }

    [Theory]
    [InlineData(0, 4, 1, "ChannelCount")]
    [InlineData(2, 1, 1, "ChannelCapacity")]
    [InlineData(2, 4, 0, "MaxBatchSize")]
    public void Settings_that_cannot_work_are_refused_by_name(int channels, int capacity, int batch, string setting)
    {
        var options = new SpanBufferOptions { ChannelCount = channels, ChannelCapacity = capacity, MaxBatchSize = batch, FlushOnProcessExit = false };
        using var metrics = new SpanPipelineMetrics();
        var error = Assert.Throws<ArgumentException>(() => new PartitionedSpanBuffer(options, new RecordingExporter(), metrics));
        Assert.Equal(setting, error.ParamName);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static PartitionedSpanBuffer StuckOnFirstSpan(SpanBufferOptions options, RecordingExporter exporter, SpanPipelineMetrics metrics)
    {
        exporter.Hold();
        var buffer = new PartitionedSpanBuffer(options, exporter, metrics);
        Assert.True(buffer.TryOffer(TestSpans.Finished("first")));
        Eventually.True(() => Volatile.Read(ref exporter.Waiting) == 1, "the consumer to sit in the held exporter");
        return buffer;
    }
}
