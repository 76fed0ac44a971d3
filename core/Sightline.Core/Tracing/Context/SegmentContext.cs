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
/// <see cref="SegmentIds.Write"/> adds the id when they are exported.
/// </remarks>
public sealed class SegmentContext
{
    // Spans created (high half) and spans running (low half) in one word, so that joining the segment is one
    // atomic operation. The segment is created by its first span, which is both.
    private const long OneCreated = 1L << 32;
    private const long OneRunning = 1;

    // Created on first use: only keep-errors mode holds spans, and most segments never need the lock.
    private Lock? _gate;
    private long _counts = OneCreated + OneRunning;
    private int _hasError;
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

    /// <summary>True while another span than the one stopping runs.</summary>
    internal bool HasOtherRunningSpans => (int)Volatile.Read(ref _counts) > 1;

    private Lock Gate => Volatile.Read(ref _gate) ?? Interlocked.CompareExchange(ref _gate, new Lock(), null) ?? _gate;

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <summary>
    /// Counts a new span as created and running; returns its index in the segment, or -1 past
    /// <paramref name="limit"/>. Every call, even a refused one, must be balanced by <see cref="Leave"/> or
    /// <see cref="Stopped"/>.
    /// </summary>
    internal int TryJoin(int limit)
    {
        var created = (int)(Interlocked.Add(ref _counts, OneCreated + OneRunning) >> 32);
        if (created > limit || created <= 0)
        {
            // Not created after all (rare: the limit is reached), so that the count stays the spans created.
            Interlocked.Add(ref _counts, -OneCreated);
            return -1;
        }

        return created - 1;
    }

    /// <summary>
    /// Makes the segment findable by id in <paramref name="registry"/> until it completes: its spans still running
    /// below a stopped first span no longer reach it through their parent chain.
    /// </summary>
    internal void Outlive(ConcurrentDictionary<string, SegmentContext> registry)
    {
        Volatile.Write(ref _outliving, registry);
        registry[Id] = this;

        // Completed meanwhile: Complete may have looked before the registration.
        if (!IsOpen)
        {
            registry.TryRemove(new KeyValuePair<string, SegmentContext>(Id, this));
        }
    }

    /// <summary>Takes back a <see cref="TryJoin"/> whose span was not created.</summary>
    internal void Leave(ISpanSink? sink, TracingCounters counters)
    {
        if ((int)Interlocked.Add(ref _counts, -OneRunning) == 0)
        {
            Complete(sink, counters);
        }
    }

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

        Leave(sink, counters);
    }

    private void Complete(ISpanSink? sink, TracingCounters counters)
    {
        // Counted once per segment rather than once per span; a join racing the completion completes the segment a
        // second time, and must not count its spans twice.
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
