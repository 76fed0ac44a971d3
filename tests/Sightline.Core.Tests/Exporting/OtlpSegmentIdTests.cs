using System.Diagnostics;
using Sightline.Core.Exporting.Otlp;
using Sightline.Core.Tests.Tracing;
using Sightline.Core.Tracing;
using Sightline.Spi.Exporting;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Exporting;

/// <summary>The OTLP serializer writes segment ids itself: the same request whether or not SegmentIds.Write ran first.</summary>
public sealed class OtlpSegmentIdTests
{
    [Fact]
    public async Task Spans_as_the_tracer_leaves_them_are_sent_exactly_as_after_SegmentIds_Write()
    {
        Activity.Current = null;
        var sink = new RawSink();
        using var tracer = new ActivityTracer(sink: sink);
        var entry = tracer.CreateEntrySpan("GET /", Carriers.Empty(), Carriers.Get, SpanLayer.Http);
        entry.SetTag("before", "segment id");
        var local = tracer.CreateLocalSpan("work");
        local.SetTag("otel.status_code", "ERROR");
        tracer.CreateExitSpan("SELECT", "db:5432", SpanLayer.Database).SetTag("db.system", "postgresql").Stop();
        local.Stop();
        entry.SetTag("after", "segment id");
        entry.Stop();
        Activity.Current = null;
        tracer.CreateLocalSpan("alone").Stop();
        Activity.Current = null;

        await using var receiver = await OtlpReceiver.StartAsync();
        var exporter = receiver.HttpExporter();
        var token = TestContext.Current.CancellationToken;
        Assert.Equal(ExportResult.Success, await exporter.ExportAsync(sink.Spans, token));

        // Sending changed nothing on the spans: the first still holds the segment object, the members no tag.
        Assert.IsNotType<string>(entry.Activity!.GetTagItem(SpanTags.SegmentId));
        Assert.Null(local.Activity!.GetTagItem(SpanTags.SegmentId));

        foreach (var span in sink.Spans)
        {
            SegmentIds.Write(span);
        }

        Assert.Equal(ExportResult.Success, await exporter.ExportAsync(sink.Spans, token));
        await exporter.ShutdownAsync(token);

        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[1], requests[0]);
        var ids = requests[0].ResourceSpans.Single().ScopeSpans.SelectMany(s => s.Spans)
            .ToDictionary(s => s.Name, s => s.Attributes.Single(a => a.Key == SpanTags.SegmentId).Value.StringValue);
        var first = entry.Activity.SpanId.ToHexString();
        Assert.Equal(first, ids["GET /"]);
        Assert.Equal(first, ids["work"]);
        Assert.Equal(first, ids["SELECT"]);
        Assert.Equal(sink.Spans.Single(s => s.DisplayName == "alone").SpanId.ToHexString(), ids["alone"]);
    }

    private sealed class RawSink : ISpanSink
    {
        public List<Activity> Spans { get; } = [];

        public void OnSpanFinished(Activity span) => Spans.Add(span);
    }
}
