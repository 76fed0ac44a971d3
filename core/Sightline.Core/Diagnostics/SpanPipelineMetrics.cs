using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Sightline.Core.Tracing;

namespace Sightline.Core.Diagnostics;

/// <summary>
/// Self-observability of the span pipeline, published through the <c>Sightline.Agent</c> meter as observable
/// instruments: the hot paths only bump their own counters, and the meter reads them when a listener asks.
/// </summary>
public sealed class SpanPipelineMetrics : IDisposable
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "Sightline.Agent";

    private readonly ConcurrentDictionary<string, ExporterCounters> _exporters = new(StringComparer.Ordinal);
    private readonly Lock _publishing = new();
    private Meter? _meter;
    private bool _disposed;
    private Func<BufferStatistics>? _buffer;
    private TracingCounters? _tracer;
    private long _internalErrors;

    /// <summary>
    /// The meter the instruments belong to (tests listen to this instance); reading it publishes them
    /// (<see cref="Publish"/>).
    /// </summary>
    public Meter Meter
    {
        get
        {
            Publish();
            return _meter ?? throw new ObjectDisposedException(nameof(SpanPipelineMetrics));
        }
    }

    /// <summary>
    /// Creates the meter and publishes its instruments, once; nothing after <see cref="Dispose"/>. The counters count
    /// from construction on; the instruments only read them. The agent publishes once the application has started (its
    /// first batch, or 3 s after the first patches): creating the meter and its instruments costs CPU cold, which would
    /// otherwise compete with the application's own start.
    /// </summary>
    public void Publish()
    {
        lock (_publishing)
        {
            if (_meter is not null || _disposed)
            {
                return;
            }

            // Set before the instruments: a listener told of each one may read Meter on this thread.
            var meter = new Meter(MeterName);
            _meter = meter;
            meter.CreateObservableCounter("sightline.spans.created", () => Created, "{span}", "Spans the tracer started (counted when their segment completes).");
            meter.CreateObservableCounter("sightline.spans.finished", () => Buffer.Offered, "{span}", "Finished spans handed to the buffer.");
            meter.CreateObservableCounter("sightline.spans.exported", ObserveExported, "{span}", "Spans a backend accepted.");
            meter.CreateObservableCounter("sightline.spans.dropped", ObserveDropped, "{span}", "Spans lost, by reason.");
            meter.CreateObservableCounter("sightline.export.failures", ObserveFailures, "{call}", "Export calls that failed.");
            meter.CreateObservableCounter("sightline.export.retries", ObserveRetries, "{call}", "Export calls that retried a failed batch.");
            meter.CreateObservableUpDownCounter("sightline.buffer.queued", () => Buffer.Queued, "{span}", "Spans waiting in the buffer.");
        }
    }

    /// <summary>Errors caught inside the pipeline (a consumer or exporter threw).</summary>
    public long InternalErrors => Volatile.Read(ref _internalErrors);

    /// <summary>The buffer's counters, or zeros before a buffer is attached.</summary>
    public BufferStatistics Buffer => _buffer?.Invoke() ?? default;

    /// <summary>
    /// Takes the tracer's count of created spans into <c>sightline.spans.created</c> and the status line (the tracer
    /// counts them per segment, so its hot path pays nothing for this).
    /// </summary>
    public void CountSpansOf(TracingCounters tracer) => _tracer = tracer;

    /// <summary>The counters of the exporter named <paramref name="exporter"/>, created on first use.</summary>
    public ExporterCounters ForExporter(string exporter) => _exporters.GetOrAdd(exporter, static name => new ExporterCounters(name));

    /// <summary>Sums everything into one snapshot.</summary>
    public SpanPipelineSnapshot Snapshot()
    {
        var buffer = Buffer;
        long exported = 0, dropped = 0, failures = 0, retries = 0;
        foreach (var counters in _exporters.Values)
        {
            exported += counters.Exported;
            dropped += counters.DroppedTotal;
            failures += counters.Failures;
            retries += counters.Retries;
        }

        dropped += buffer.DroppedFull + buffer.Overwritten + buffer.DroppedShutdown;
        return new SpanPipelineSnapshot(Created, buffer.Offered, exported, dropped, failures, retries, buffer.Queued);
    }

    private long Created => _tracer?.SpansCreated ?? 0;

    /// <summary>Disposes the meter, if it was published.</summary>
    public void Dispose()
    {
        lock (_publishing)
        {
            _disposed = true;
            _meter?.Dispose();
        }
    }

    internal void AttachBuffer(Func<BufferStatistics> statistics) => _buffer = statistics;

    internal void RecordInternalError(string where, Exception exception)
    {
        Interlocked.Increment(ref _internalErrors);
        LastInternalError = $"{where}: {exception.GetType().Name}: {exception.Message}";
    }

    /// <summary>The last error caught inside the pipeline, for the periodic log line.</summary>
    public string? LastInternalError { get; private set; }

    private IEnumerable<Measurement<long>> ObserveExported() =>
        _exporters.Values.Select(c => new Measurement<long>(c.Exported, new KeyValuePair<string, object?>("exporter", c.Exporter)));

    private IEnumerable<Measurement<long>> ObserveFailures() =>
        _exporters.Values.Select(c => new Measurement<long>(c.Failures, new KeyValuePair<string, object?>("exporter", c.Exporter)));

    private IEnumerable<Measurement<long>> ObserveRetries() =>
        _exporters.Values.Select(c => new Measurement<long>(c.Retries, new KeyValuePair<string, object?>("exporter", c.Exporter)));

    private IEnumerable<Measurement<long>> ObserveDropped()
    {
        var buffer = Buffer;
        yield return Dropped(buffer.DroppedFull, DropReason.BufferFull, null);
        yield return Dropped(buffer.Overwritten, DropReason.Overwritten, null);
        yield return Dropped(buffer.DroppedShutdown, DropReason.Shutdown, null);
        foreach (var counters in _exporters.Values)
        {
            foreach (var reason in new[] { DropReason.RetryBacklogFull, DropReason.Rejected, DropReason.ExportFailed, DropReason.Shutdown })
            {
                yield return Dropped(counters.Dropped(reason), reason, counters.Exporter);
            }
        }
    }

    private static Measurement<long> Dropped(long value, DropReason reason, string? exporter) =>
        exporter is null
            ? new Measurement<long>(value, new KeyValuePair<string, object?>("reason", ReasonTag(reason)))
            : new Measurement<long>(value, new KeyValuePair<string, object?>("reason", ReasonTag(reason)), new KeyValuePair<string, object?>("exporter", exporter));

    private static string ReasonTag(DropReason reason) => reason switch
    {
        DropReason.BufferFull => "buffer_full",
        DropReason.Overwritten => "overwritten",
        DropReason.RetryBacklogFull => "retry_backlog_full",
        DropReason.Rejected => "rejected",
        DropReason.ExportFailed => "export_failed",
        _ => "shutdown",
    };
}
