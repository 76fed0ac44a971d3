using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sightline.Core.Tracing.Context;

/// <summary>
/// A segment: the part of one trace inside this process (SkyWalking's TraceSegment). Its id is the span id of its
/// first span, recorded on every span of it by the time the span is exported. It counts created spans (for the span
/// limit) and open spans: when the last open span stops the segment is complete, its created spans are counted, and
/// in keep-errors mode its held spans are kept or dropped.
/// </summary>
/// <remarks>
/// The first span of a segment (and a span continuing a stopped one) holds this object in its
/// <see cref="Spi.Tracing.SpanTags.SegmentId"/> tag until it is exported (an adopted Activity until it stops), then
/// <see cref="Id"/>, so that exporters only ever see a string; a nested Entry carries <see cref="Id"/> from its start; Local and Exit spans
/// joining their parent's segment carry no tag while they run (a tag would take the Activity's lock-free first-tag
/// slot and make every tag of the caller's take the tag list's lock): they find the object up their parent chain, and
/// <see cref="SegmentIds.Write"/> adds the id when they are exported. A Local span that starts a trace carries no tag
/// either: its segment is created (and put on it) only when a span joins it, so a trace of one Local span allocates no
/// segment; alone, it is a complete one-span segment when it stops.
/// </remarks>
public sealed class SegmentContext
{
    // Spans created (high half) and spans running (low half) in one word, so that joining the segment is one
    // atomic operation. The segment is created by its first span, which is both.
    private const long OneCreated = 1L << 32;
    private const long OneRunning = 1;

    // Bits of _flags. A Local span that starts a trace gets its segment only when a span joins it (see
    // ActivityTracer.SegmentOfFirstSpan): whichever of its stop and that join settles first decides whether it stops
    // in the segment (claimed) or alone (disowned).
    private const int HasError = 1;
    private const int FirstClaimed = 2;
    private const int FirstDisowned = 4;

    // Created on first use: only keep-errors mode holds spans, and most segments never need the lock.
    private Lock? _gate;
    private long _counts = OneCreated + OneRunning;
    private int _flags;
    private List<Activity>? _held;
    private ConcurrentDictionary<string, SegmentContext>? _outliving;
    private int _reported;

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
    public bool IsOpen => (int)Volatile.Read(ref _counts) > 0;

    internal object Owner { get; }

    /// <summary>What <see cref="TryJoin"/> returns for a segment that has completed.</summary>
    internal const int Closed = -2;

    private Lock Gate => Volatile.Read(ref _gate) ?? Interlocked.CompareExchange(ref _gate, new Lock(), null) ?? _gate;

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <summary>
    /// Counts a new span as created and running; returns its index in the segment, -1 past <paramref name="limit"/>,
    /// or <see cref="Closed"/> once no span runs (a complete segment is never joined again: its first span may already
    /// carry the id string, through which a late member could not find it). A successful join must be balanced by
    /// <see cref="Leave"/> or <see cref="Stopped"/>; a refused one changed nothing.
    /// </summary>
    internal int TryJoin(int limit)
    {
        // One compare-and-swap, as cheap as the atomic add it replaces when nobody else joins at the same moment.
        var counts = Volatile.Read(ref _counts);
        while (true)
        {
            if ((int)counts <= 0)
            {
                return Closed;
            }

            var created = (int)(counts >> 32) + 1;
            if (created > limit || created <= 0)
            {
                return -1;
            }

            var seen = Interlocked.CompareExchange(ref _counts, counts + OneCreated + OneRunning, counts);
            if (seen == counts)
            {
                return created - 1;
            }

            counts = seen;
        }
    }

    /// <summary>
    /// For the span that carries this object, as it stops: if it is the only span running, closes the segment to
    /// joins and returns true (its stop must then end with <see cref="StoppedLast"/>); otherwise returns false and the
    /// segment stays findable by id in <paramref name="registry"/> until it completes, as the spans still running
    /// below the carrier no longer reach it through their parent chain once the carrier's tag is the id string.
    /// </summary>
    internal bool TryCloseOrOutlive(ConcurrentDictionary<string, SegmentContext> registry)
    {
        var counts = Volatile.Read(ref _counts);
        while ((int)counts == 1)
        {
            var seen = Interlocked.CompareExchange(ref _counts, counts - OneRunning, counts);
            if (seen == counts)
            {
                return true;
            }

            counts = seen;
        }

        Outlive(registry);
        return false;
    }

    /// <summary>
    /// Makes the segment findable by id in <paramref name="registry"/> until it completes: its spans still running
    /// below a stopped first span no longer reach it through their parent chain.
    /// </summary>
    private void Outlive(ConcurrentDictionary<string, SegmentContext> registry)
    {
        Volatile.Write(ref _outliving, registry);
        registry[Id] = this;

        // Completed meanwhile: Complete may have looked before the registration.
        if (!IsOpen)
        {
            registry.TryRemove(new KeyValuePair<string, SegmentContext>(Id, this));
        }
    }

    /// <summary>Takes back a successful <see cref="TryJoin"/> whose span was not created.</summary>
    internal void Leave(ISpanSink? sink, TracingCounters counters)
    {
        if ((int)Interlocked.Add(ref _counts, -OneRunning) == 0)
        {
            Complete(sink, counters);
        }
    }

    internal void Stopped(Activity span, ISpanSink? sink, TracingCounters counters)
    {
        Record(span, sink, counters);
        Leave(sink, counters);
    }

    /// <summary>Stops the carrier after <see cref="TryCloseOrOutlive"/> closed the segment: it was the last span.</summary>
    internal void StoppedLast(Activity span, ISpanSink? sink, TracingCounters counters)
    {
        Record(span, sink, counters);
        Complete(sink, counters);
    }

    private void Record(Activity span, ISpanSink? sink, TracingCounters counters)
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
                Interlocked.Or(ref _flags, HasError);
            }

            lock (Gate)
            {
                (_held ??= []).Add(span);
            }
        }
    }

    /// <summary>
    /// Stops a span that was alone in its segment and whose segment was therefore never created: a one-span segment,
    /// complete now, counted as one created span.
    /// </summary>
    internal static void StoppedAlone(Activity span, ISpanSink? sink, TracingCounters counters)
    {
        counters.CountCreated(1);
        if (span.Recorded)
        {
            Deliver(span, sink, counters);
        }
        else if (span.IsAllDataRequested)
        {
            // Keep-errors mode: the segment ends with its only span.
            if (span.Status != ActivityStatusCode.Error)
            {
                counters.DroppedUnsampledSegment();
                return;
            }

            counters.KeptErrorSegment();
            span.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            Deliver(span, sink, counters);
        }
    }

    /// <summary>
    /// Called by the stop of the first span of a segment created after it started: true if it stops in this segment,
    /// false if a join that saw it stopping has already taken it out (<see cref="TryDisownFirst"/>).
    /// </summary>
    internal bool TryClaimFirst() => TrySettleFirst(FirstClaimed);

    /// <summary>
    /// Called by the join that created this segment for an already running first span, when it sees that span
    /// stopping: takes the first span out of the segment (it then stops alone) unless its stop has claimed it. Spans
    /// that found the segment on the first span meanwhile stay in it, findable by id in <paramref name="registry"/>.
    /// </summary>
    internal bool TryDisownFirst(ConcurrentDictionary<string, SegmentContext> registry, ISpanSink? sink, TracingCounters counters)
    {
        if (!TrySettleFirst(FirstDisowned))
        {
            return false;
        }

        if ((int)Interlocked.Add(ref _counts, -(OneCreated + OneRunning)) == 0)
        {
            Complete(sink, counters);
        }
        else
        {
            Outlive(registry);
        }

        return true;
    }

    private bool TrySettleFirst(int flag)
    {
        var flags = Volatile.Read(ref _flags);
        while ((flags & (FirstClaimed | FirstDisowned)) == 0)
        {
            var seen = Interlocked.CompareExchange(ref _flags, flags | flag, flags);
            if (seen == flags)
            {
                return true;
            }

            flags = seen;
        }

        return false;
    }

    private void Complete(ISpanSink? sink, TracingCounters counters)
    {
        // Counted once per segment rather than once per span (a complete segment is not joined again, the guard is
        // cheap insurance).
        var created = (int)(Volatile.Read(ref _counts) >> 32);
        if (created > _reported)
        {
            counters.CountCreated(created - _reported);
            _reported = created;
        }

        if (Volatile.Read(ref _outliving) is { } registry)
        {
            registry.TryRemove(new KeyValuePair<string, SegmentContext>(Id, this));
        }

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

        if ((Volatile.Read(ref _flags) & HasError) == 0)
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
