using System.Collections.Concurrent;
using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Tracing;
using Sightline.Spi.Exporting;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

public sealed class SegmentIdExportTests
{
    [Fact]
    public void A_member_span_gets_its_segment_id_on_export_not_while_it_runs()
    {
        Activity.Current = null;
        var sink = new RawSink();
        using var tracer = new ActivityTracer(sink: sink);

        var entry = tracer.CreateEntrySpan("GET /", Carriers.Empty(), Carriers.Get, SpanLayer.Http);
        var local = tracer.CreateLocalSpan("work");
        var exit = tracer.CreateExitSpan("SELECT", "db:5432", SpanLayer.Database);
        Assert.Null(local.Activity!.GetTagItem(SpanTags.SegmentId));
        Assert.Null(exit.Activity!.GetTagItem(SpanTags.SegmentId));
        exit.Stop();
        local.Stop();
        entry.Stop();
        Activity.Current = null;

        // Delivered as the tracer leaves them: the segment's first span still holds the segment object.
        Assert.Equal(3, sink.Spans.Count);
        Assert.All(sink.Spans, s => Assert.IsNotType<string>(s.GetTagItem(SpanTags.SegmentId)));

        foreach (var span in sink.Spans)
        {
            SegmentIds.Write(span);
            SegmentIds.Write(span);
        }

        var id = entry.Activity!.SpanId.ToHexString();
        Assert.All(sink.Spans, s => Assert.Equal(id, s.GetTagItem(SpanTags.SegmentId)));
    }

    [Fact]
    public void Every_span_the_buffer_exports_carries_its_segment_id_string()
    {
        Activity.Current = null;
        var exporter = new CapturingExporter();
        using var metrics = new SpanPipelineMetrics();
        var options = new SpanBufferOptions { ChannelCount = 1, ChannelCapacity = 64, MaxBatchSize = 64, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        using var buffer = PartitionedSpanBuffer.ForExporters(options, new ExportRetryOptions(), metrics, exporter);
        using var tracer = new ActivityTracer(sink: buffer);

        var entry = tracer.CreateEntrySpan("GET /", Carriers.Empty(), Carriers.Get, SpanLayer.Http);
        var local = tracer.CreateLocalSpan("work");
        tracer.CreateExitSpan("SELECT", "db:5432", SpanLayer.Database).Stop();
        local.Stop();
        entry.Stop();
        Activity.Current = null;
        tracer.CreateLocalSpan("another trace").Stop();

        Assert.True(buffer.Flush(TimeSpan.FromSeconds(20)));
        var first = entry.Activity!.SpanId.ToHexString();
        Assert.Equal(4, exporter.SegmentIds.Count);
        Assert.Equal(first, exporter.SegmentIds["GET /"]);
        Assert.Equal(first, exporter.SegmentIds["work"]);
        Assert.Equal(first, exporter.SegmentIds["SELECT"]);
        Assert.NotEqual(first, exporter.SegmentIds["another trace"]);
        Assert.Equal(16, Assert.IsType<string>(exporter.SegmentIds["another trace"]).Length);
    }

    [Fact]
    public void Created_spans_are_counted_once_their_segment_completes_and_refused_ones_are_not()
    {
        using var scope = new TracerScope(new() { SpanLimitPerSegment = 3 });
        using var metrics = new SpanPipelineMetrics();
        metrics.CountSpansOf(scope.Tracer.Counters);

        var entry = scope.Entry("GET /");
        for (var i = 0; i < 3; i++)
        {
            // The third one is over the limit.
            scope.Tracer.CreateLocalSpan("work").Stop();
        }

        Assert.Equal(0, metrics.Snapshot().Created);
        entry.Stop();
        Assert.Equal(3, metrics.Snapshot().Created);
        Assert.Equal(1, scope.Tracer.Counters.SpansOverLimit);

        scope.Tracer.CreateLocalSpan("alone").Stop();
        Assert.Equal(4, metrics.Snapshot().Created);
        Assert.Equal(4, scope.Tracer.Counters.SpansCreated);
    }

    [Fact]
    public void Spans_created_on_many_threads_are_all_counted()
    {
        using var scope = new TracerScope();
        const int Threads = 4, PerThread = 2_000;
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var root = scope.Tracer.CreateLocalSpan("root");
                scope.Tracer.CreateLocalSpan("child").Stop();
                root.Stop();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(Threads * PerThread * 2, scope.Tracer.Counters.SpansCreated);
    }

    private sealed class RawSink : ISpanSink
    {
        public List<Activity> Spans { get; } = [];

        public void OnSpanFinished(Activity span) => Spans.Add(span);
    }

    private sealed class CapturingExporter : ISpanExporter
    {
        public ConcurrentDictionary<string, object?> SegmentIds { get; } = new();

        public string Name => "capturing";

        public Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
        {
            foreach (var span in batch)
            {
                SegmentIds[span.DisplayName] = span.GetTagItem(SpanTags.SegmentId);
            }

            return Task.FromResult(ExportResult.Success);
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
