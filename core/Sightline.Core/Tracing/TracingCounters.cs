namespace Sightline.Core.Tracing;

/// <summary>
/// What the tracer counted instead of failing or creating (SkyWalking's self-observability counters). Read by
/// diagnostics and tests; every field only grows.
/// </summary>
public sealed class TracingCounters
{
    private long _malformedTraceContexts;
    private long _malformedFields;
    private long _spansOverLimit;
    private long _ignoredEntries;
    private long _keptErrorSegments;
    private long _droppedUnsampledSegments;
    private long _sinkFailures;
    private long _carrierFailures;
    private readonly PerThreadCounter _spansCreated = new();

    /// <summary>Incoming traceparent or sw8 values that were rejected (a new trace was started instead).</summary>
    public long MalformedTraceContexts => Volatile.Read(ref _malformedTraceContexts);

    /// <summary>Incoming tracestate, baggage or sw8-correlation values (or members) that were dropped.</summary>
    public long MalformedFields => Volatile.Read(ref _malformedFields);

    /// <summary>
    /// Spans created (Entry, Local and Exit, sampled or held for keep-errors), counted when their segment completes:
    /// a segment still running has not been counted yet.
    /// </summary>
    public long SpansCreated => _spansCreated.Sum();

    /// <summary>Spans not created because their segment reached the span limit.</summary>
    public long SpansOverLimit => Volatile.Read(ref _spansOverLimit);

    /// <summary>Entry spans not traced because of an ignored suffix or path.</summary>
    public long IgnoredEntries => Volatile.Read(ref _ignoredEntries);

    /// <summary>Unsampled segments kept because they ended with an error (keep-errors mode).</summary>
    public long KeptErrorSegments => Volatile.Read(ref _keptErrorSegments);

    /// <summary>Unsampled segments recorded in keep-errors mode and dropped because they had no error.</summary>
    public long DroppedUnsampledSegments => Volatile.Read(ref _droppedUnsampledSegments);

    /// <summary>Exceptions thrown by the span sink (the span was lost, the application was not disturbed).</summary>
    public long SinkFailures => Volatile.Read(ref _sinkFailures);

    /// <summary>Exceptions thrown by a plugin's carrier getter or setter.</summary>
    public long CarrierFailures => Volatile.Read(ref _carrierFailures);

    internal void MalformedTraceContext() => Interlocked.Increment(ref _malformedTraceContexts);

    internal void MalformedField(int count) => Interlocked.Add(ref _malformedFields, count);

    // Once per segment, which for a one-span trace is once per span: hence a per-thread cell, not an atomic operation.
    internal void CountCreated(int count) => _spansCreated.Add(count);

    internal void SpanOverLimit() => Interlocked.Increment(ref _spansOverLimit);

    internal void IgnoredEntry() => Interlocked.Increment(ref _ignoredEntries);

    internal void KeptErrorSegment() => Interlocked.Increment(ref _keptErrorSegments);

    internal void DroppedUnsampledSegment() => Interlocked.Increment(ref _droppedUnsampledSegments);

    internal void SinkFailure() => Interlocked.Increment(ref _sinkFailures);

    internal void CarrierFailure() => Interlocked.Increment(ref _carrierFailures);
}
