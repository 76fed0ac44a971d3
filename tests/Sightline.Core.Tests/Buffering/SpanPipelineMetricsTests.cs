using System.Diagnostics.Metrics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Tests.Tracing;

namespace Sightline.Core.Tests.Buffering;

public sealed class SpanPipelineMetricsTests
{
    [Fact]
    public void The_meter_publishes_created_finished_exported_dropped_and_failures()
    {
        using var metrics = new SpanPipelineMetrics();
        var backend = new RecordingExporter();
        var retry = new ExportRetryOptions { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20) };
        var options = new SpanBufferOptions { ChannelCount = 1, ChannelCapacity = 4, MaxBatchSize = 1, BatchDelay = TimeSpan.FromHours(1), FlushOnProcessExit = false };
        var buffer = PartitionedSpanBuffer.ForExporters(options, retry, metrics, backend);

        using var tracing = new TracerScope();
        metrics.CountSpansOf(tracing.Tracer.Counters);
        backend.Down = true;
        for (var i = 0; i < 3; i++)
        {
            tracing.Tracer.CreateLocalSpan("created").Stop();
        }

        foreach (var span in TestSpans.Many(3))
        {
            buffer.TryOffer(span);
        }

        Eventually.True(() => metrics.ForExporter(backend.Name).Failures >= 1, "an export failure");
        backend.Down = false;
        Assert.True(buffer.Flush(TimeSpan.FromSeconds(20)));
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(20)));

        var seen = Observe(metrics);
        Assert.Equal(3, seen[("sightline.spans.created", "")]);
        Assert.Equal(3, seen[("sightline.spans.finished", "")]);
        Assert.Equal(3, seen[("sightline.spans.exported", "exporter=recording")]);
        Assert.True(seen[("sightline.export.failures", "exporter=recording")] >= 1);
        Assert.True(seen[("sightline.export.retries", "exporter=recording")] >= 1);
        Assert.Equal(0, seen[("sightline.spans.dropped", "reason=buffer_full")]);
        Assert.Equal(0, seen[("sightline.spans.dropped", "reason=retry_backlog_full,exporter=recording")]);

        var snapshot = metrics.Snapshot();
        Assert.Equal(3, snapshot.Exported);
        Assert.Equal(0, snapshot.Dropped);
    }

    [Fact]
    public void The_instruments_are_published_when_asked_and_read_what_was_counted_before()
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                lock (published)
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();
        using var metrics = new SpanPipelineMetrics();
        using var tracing = new TracerScope();
        metrics.CountSpansOf(tracing.Tracer.Counters);
        tracing.Tracer.CreateLocalSpan("before publishing").Stop();
        Meter[] before;
        lock (published)
        {
            before = [.. published.Select(i => i.Meter)];
        }

        metrics.Publish();
        metrics.Publish();

        Assert.DoesNotContain(metrics.Meter, before);
        lock (published)
        {
            Assert.Equal(7, published.Count(i => ReferenceEquals(i.Meter, metrics.Meter)));
        }

        Assert.Equal(1, Observe(metrics)[("sightline.spans.created", "")]);
    }

    [Fact]
    public void Nothing_is_published_after_disposal()
    {
        var metrics = new SpanPipelineMetrics();
        metrics.Dispose();

        metrics.Publish();

        Assert.Throws<ObjectDisposedException>(() => metrics.Meter);
    }

    [Fact]
    public void The_status_log_writes_a_line_when_something_changed_and_stays_quiet_otherwise()
    {
        using var metrics = new SpanPipelineMetrics();
        var lines = new List<string>();
        using var log = new PipelineStatusLog(metrics, lines.Add, TimeSpan.FromHours(1));
        using var tracing = new TracerScope();
        metrics.CountSpansOf(tracing.Tracer.Counters);

        tracing.Tracer.CreateLocalSpan("created").Stop();
        Assert.True(log.WriteNow());
        Assert.False(log.WriteNow());
        tracing.Tracer.CreateLocalSpan("created").Stop();
        Assert.True(log.WriteNow());

        Assert.Equal(2, lines.Count);
        Assert.Equal("sightline pipeline: spans created=1 finished=0 exported=0 dropped=0 queued=0 export failures=0 retries=0", lines[0]);
        Assert.Contains("created=2", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_log_survives_a_failing_sink()
    {
        using var metrics = new SpanPipelineMetrics();
        using var log = new PipelineStatusLog(metrics, _ => throw new IOException("disk full"), TimeSpan.FromHours(1));
        using var tracing = new TracerScope();
        metrics.CountSpansOf(tracing.Tracer.Counters);
        tracing.Tracer.CreateLocalSpan("created").Stop();
        Assert.False(log.WriteNow());
    }

    private static Dictionary<(string Instrument, string Tags), long> Observe(SpanPipelineMetrics metrics)
    {
        var seen = new Dictionary<(string, string), long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen[(instrument.Name, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}")))] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
