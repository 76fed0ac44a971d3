using System.Diagnostics;

namespace Sightline.Core.Tracing.Context;

/// <summary>
/// A segment: the part of one trace inside this process (SkyWalking's TraceSegment). Its id is the span id of its
/// first span, written on every span of it. It counts created spans (for the span limit) and open spans: when
/// the last open span stops the segment is complete, and in keep-errors mode its held spans are kept or dropped.
/// </summary>
/// <remarks>
/// While a span runs, its <see cref="Spi.Tracing.SpanTags.SegmentId"/> tag holds this object so that a child finds
/// its segment with one tag read; when the span stops the tag is replaced by <see cref="Id"/>, so that exporters
/// only ever see a string.
/// </remarks>
public sealed class SegmentContext
{
    // Created on first use: only keep-errors mode holds spans, and most segments never need the lock.
    private Lock? _gate;
    private int _reserved = 1;
    private int _open;
    private int _hasError;
    private List<Activity>? _held;

    internal SegmentContext(object owner, string id, string? externalTraceId, string? endpoint)
    {
        Owner = owner;
        Id = id;
        ExternalTraceId = externalTraceId;
        Endpoint = endpoint;
    }

    /// <summary>The segment id (16 hex characters), unique per trace and process.</summary>
    public string Id { get; }

    /// <summary>The SkyWalking trace id this segment joined through <c>sw8</c>, when it is not a W3C id.</summary>
    public string? ExternalTraceId { get; }

    /// <summary>The first Entry (or first span) name: SkyWalking's primary endpoint, sent in <c>sw8</c>.</summary>
    public string? Endpoint { get; }

    /// <summary>True while a span of the segment is running; a finished segment is not joined again.</summary>
    public bool IsOpen => Volatile.Read(ref _open) > 0;

    internal object Owner { get; }

    private Lock Gate => Volatile.Read(ref _gate) ?? Interlocked.CompareExchange(ref _gate, new Lock(), null) ?? _gate;

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <summary>Reserves a span; returns its index in the segment, or -1 past <paramref name="limit"/>.</summary>
    internal int TryReserve(int limit)
    {
        var count = Interlocked.Increment(ref _reserved);
        return count > limit ? -1 : count - 1;
    }

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Stopped(Activity span, ISpanSink? sink, TracingCounters counters)
    {
        if (span.Recorded)
        {
            Deliver(span, sink, counters);
        }
        else if (span.IsAllDataRequested)
        {
            // Keep-errors mode: an unsampled segment is held until it ends, then kept only if something failed.
            if (span.Status == ActivityStatusCode.Error)
            {
                Volatile.Write(ref _hasError, 1);
            }

            lock (Gate)
            {
                (_held ??= []).Add(span);
            }
        }

        if (Interlocked.Decrement(ref _open) == 0)
        {
            Complete(sink, counters);
        }
    }

    private void Complete(ISpanSink? sink, TracingCounters counters)
    {
        if (Volatile.Read(ref _held) is null)
        {
            return;
        }

        List<Activity>? held;
        lock (Gate)
        {
            held = _held;
            _held = null;
        }

        if (held is null)
        {
            return;
        }

        if (Volatile.Read(ref _hasError) == 0)
        {
            counters.DroppedUnsampledSegment();
            return;
        }

        counters.KeptErrorSegment();
        foreach (var span in held)
        {
            // Exporters skip unrecorded Activities; the segment is now kept, so its spans are recorded.
            span.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            Deliver(span, sink, counters);
        }
    }

    private static void Deliver(Activity span, ISpanSink? sink, TracingCounters counters)
    {
        if (sink is null)
        {
            return;
        }

        try
        {
            sink.OnSpanFinished(span);
        }
        catch (Exception)
        {
            // The sink belongs to the agent; its failure must never reach the application thread that stopped the span.
            counters.SinkFailure();
        }
    }
}
