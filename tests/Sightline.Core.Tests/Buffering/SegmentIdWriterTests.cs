using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Exporting.Otlp;
using Sightline.Core.Tests.Exporting;
using Sightline.Core.Tests.Tracing;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Buffering;

/// <summary>A consumer whose exporter writes segment ids itself (OTLP) leaves the spans' tags alone.</summary>
public sealed class SegmentIdWriterTests
{
    [Fact]
    public async Task Spans_reach_an_OTLP_exporter_untouched_and_arrive_with_their_segment_ids()
    {
        Activity.Current = null;
        await using var receiver = await OtlpReceiver.StartAsync();
        var exporter = receiver.HttpExporter();
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { ChannelCount = 1, ChannelCapacity = 64, MaxBatchSize = 64, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        using var buffer = new PartitionedSpanBuffer(options, exporter, metrics);
        var (entry, exit) = TwoSpans(buffer);

        Assert.True(buffer.Flush(TimeSpan.FromSeconds(20)));
        Assert.IsNotType<string>(entry.GetTagItem(SpanTags.SegmentId));
        Assert.Null(exit.GetTagItem(SpanTags.SegmentId));
        var first = entry.SpanId.ToHexString();
        var spans = receiver.Spans;
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(first, s.Span.Attributes.Single(a => a.Key == SpanTags.SegmentId).Value.StringValue));
    }
    [Fact]
    public async Task The_pipeline_leaves_the_pass_out_only_when_every_exporter_writes_segment_ids_itself()
    {
        Activity.Current = null;
        await using var receiver = await OtlpReceiver.StartAsync();
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { ChannelCount = 1, ChannelCapacity = 64, MaxBatchSize = 64, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        var recording = new RecordingExporter();

        // OTLP alone (behind its retrying sender and the fan-out, as the agent builds it): the tags stay as they were.
        using (var alone = PartitionedSpanBuffer.ForExporters(options, new ExportRetryOptions(), metrics, receiver.HttpExporter()))
        {
            var (entry, exit) = TwoSpans(alone);
            Assert.True(alone.Flush(TimeSpan.FromSeconds(20)));
            Assert.IsNotType<string>(entry.GetTagItem(SpanTags.SegmentId));
            Assert.Null(exit.GetTagItem(SpanTags.SegmentId));
        }

        // Beside an exporter that reads the tag: the buffer writes the ids first, for both.
        using (var shared = PartitionedSpanBuffer.ForExporters(options, new ExportRetryOptions(), metrics, receiver.HttpExporter(), recording))
        {
            var (entry, exit) = TwoSpans(shared);
            Assert.True(shared.Flush(TimeSpan.FromSeconds(20)));
            Assert.Equal(entry.SpanId.ToHexString(), entry.GetTagItem(SpanTags.SegmentId));
            Assert.Equal(entry.SpanId.ToHexString(), exit.GetTagItem(SpanTags.SegmentId));
        }

        Assert.Equal(4, receiver.Spans.Count);
        Assert.Equal(2, recording.Batches.Sum(b => b.Length));
    }

    private static (Activity Entry, Activity Exit) TwoSpans(PartitionedSpanBuffer buffer)
    {
        using var tracer = new ActivityTracer(sink: buffer);
        var entry = tracer.CreateEntrySpan("GET /", Carriers.Empty(), Carriers.Get, SpanLayer.Http);
        var exit = tracer.CreateExitSpan("SELECT", "db:5432", SpanLayer.Database);
        exit.Stop();
        entry.Stop();
        Activity.Current = null;
        return (entry.Activity!, exit.Activity!);
    }
}
