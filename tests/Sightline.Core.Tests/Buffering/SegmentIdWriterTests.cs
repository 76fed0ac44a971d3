using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
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
        var exporter = new OtlpExporter(OtlpExporterSettings.FromVariables(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{receiver.HttpPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }.GetValueOrDefault));
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { ChannelCount = 1, ChannelCapacity = 64, MaxBatchSize = 64, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        using var buffer = new PartitionedSpanBuffer(options, exporter, metrics);
        using var tracer = new ActivityTracer(sink: buffer);

        var entry = tracer.CreateEntrySpan("GET /", Carriers.Empty(), Carriers.Get, SpanLayer.Http);
        var exit = tracer.CreateExitSpan("SELECT", "db:5432", SpanLayer.Database);
        exit.Stop();
        entry.Stop();
        Activity.Current = null;

        Assert.True(buffer.Flush(TimeSpan.FromSeconds(20)));
        Assert.IsNotType<string>(entry.Activity!.GetTagItem(SpanTags.SegmentId));
        Assert.Null(exit.Activity!.GetTagItem(SpanTags.SegmentId));
        var first = entry.Activity.SpanId.ToHexString();
        var spans = receiver.Spans;
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(first, s.Span.Attributes.Single(a => a.Key == SpanTags.SegmentId).Value.StringValue));
    }
}
