using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sightline.Core.Configuration;
using Sightline.Core.Tracing.Context;
using Sightline.Core.Tracing.Propagation;
using Sightline.Core.Tracing.Sampling;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing;

/// <summary>
/// The tracer: SkyWalking's Entry/Local/Exit spans, segments, sampling and propagation on top of
/// <see cref="Activity"/>. Spans come from <see cref="Source"/>; <see cref="Activity.Current"/> is the active
/// span (the span stack of SkyWalking's TracingContext), so the context flows wherever the execution context
/// flows. Finished spans go to the <see cref="ISpanSink"/>.
/// </summary>
/// <remarks>
/// De-duplication with the framework and the application's own OpenTelemetry: an Entry requested while the
/// current Activity is a running Server/Consumer Activity of one of <see cref="TracingOptions.AdoptedSources"/>
/// (ASP.NET Core's request Activity), or an Exit requested while it is a running Client/Producer Activity of one
/// of them (HttpClient's), adopts that Activity as the span instead of opening a child: one server span and one
/// client span per call, whoever else exports them. Plugins therefore hook inside the framework's Activity
/// (a DiagnosticListener Start event, middleware, the inner handler), not around it.
/// </remarks>
public sealed class ActivityTracer : ITracer, IDisposable
{
    /// <summary>The name of the tracer's ActivitySource.</summary>
    public const string SourceName = "Sightline";

    // Set just before StartActivity and read by Sample on the same thread: the listener API has no other way to
    // pass a per-call decision (an ignored endpoint) to the sampling callback.
    [ThreadStatic]
    private static bool _dropNext;

    private readonly ActivitySource _source;

    // Local and Exit spans that join their local parent's segment come from this second source of the same name and
    // version: being from it is what marks a span as a member of the segment found up its parent chain, so such a
    // span carries no segment tag while it runs (its id is written at export, see SegmentIds).
    private readonly ActivitySource _members;
    private readonly ActivityListener _listener;
    private readonly ITraceSampler _sampler;
    private readonly CompositePropagator _propagator;
    private readonly IgnoredEndpointMatcher _ignored;
    private readonly HashSet<string> _adoptedSources;
    private readonly ISpanSink? _sink;
    private readonly AsyncLocal<Continuation?> _continuation = new();

    // Serializes the creation of a segment for a running first span (SegmentOfFirstSpan): two of its children may
    // start on two threads at once. Taken once per such segment, never on a stopping thread.
    private readonly Lock _firstJoin = new();

    // Segments whose span carrying the segment object stopped while other spans of it still run, by id.
    private readonly ConcurrentDictionary<string, SegmentContext> _outliving = new(StringComparer.Ordinal);
    private readonly int _spanLimit;
    private readonly int _nameLimit;
    private readonly bool _keepErrors;
    private bool _continued;

    /// <summary>Creates a tracer and starts listening to its source.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="sink">Receives finished spans; null to drop them.</param>
    /// <param name="time">The clock of the N-per-3-seconds sampler; null for the system clock.</param>
    /// <exception cref="ArgumentException">An option is invalid (an unknown propagator name).</exception>
    public ActivityTracer(TracingOptions? options = null, ISpanSink? sink = null, TimeProvider? time = null)
    {
        Options = options ?? new TracingOptions();
        _sink = sink;
        _spanLimit = Math.Max(1, Options.SpanLimitPerSegment);
        _nameLimit = Math.Max(1, Options.OperationNameMaxLength);
        _keepErrors = Options.KeepErrors;
        _sampler = Options.Sampler switch
        {
            TraceSamplerKind.Ratio => new RatioSampler(Options.SampleRatio),
            TraceSamplerKind.PerThreeSeconds => new RateLimitingSampler(Options.SamplesPerThreeSeconds, time ?? TimeProvider.System),
            _ => new AlwaysOnSampler(),
        };
        _propagator = new CompositePropagator(Options.Propagators, Options.ServiceName, Options.ServiceInstance);
        _ignored = new IgnoredEndpointMatcher(Options.IgnoredSuffixes, Options.IgnoredPaths);
        _adoptedSources = new HashSet<string>(Options.AdoptedSources, StringComparer.Ordinal);
        var version = typeof(ActivityTracer).Assembly.GetName().Version?.ToString();
        _source = new ActivitySource(SourceName, version);
        _members = new ActivitySource(SourceName, version);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => IsOwn(s) || _adoptedSources.Contains(s.Name),
            Sample = Sample,
            ActivityStopped = OnActivityStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The settings the tracer runs with.</summary>
    public TracingOptions Options { get; }

    /// <summary>
    /// The ActivitySource the tracer's spans come from; Local and Exit spans that join their parent's segment, and
    /// Local spans that start a trace (their segment is created only if another span joins it), come from a second
    /// source of the same name and version.
    /// </summary>
    public ActivitySource Source => _source;

    /// <summary>What was counted instead of created or failed.</summary>
    public TracingCounters Counters { get; } = new();

    /// <inheritdoc />
    public TracingSpan ActiveSpan
    {
        get
        {
            var current = Activity.Current;
            return current is null
                ? default
                : new TracingSpan(current, TypeOf(current.Kind), IsOwn(current.Source) ? SpanOwnership.Owned : SpanOwnership.Adopted);
        }
    }

    /// <inheritdoc />
    public TracingSpan CreateLocalSpan(string operationName)
    {
        var parent = Activity.Current;
        if (parent is { IsAllDataRequested: false })
        {
            // Unsampled trace: no span at all, the cheapest possible path.
            return default;
        }

        return Start(parent, operationName, ActivityKind.Internal, SpanType.Local, SpanLayer.Unknown, default, false, null, out _);
    }

    /// <inheritdoc />
    public TracingSpan CreateEntrySpan<TCarrier>(string operationName, TCarrier carrier, CarrierGetter<TCarrier> getter, SpanLayer layer)
    {
        var kind = layer == SpanLayer.Messaging ? ActivityKind.Consumer : ActivityKind.Server;
        var current = Activity.Current;
        if (current is { IsStopped: false, Kind: ActivityKind.Server or ActivityKind.Consumer })
        {
            if (IsTraced(current))
            {
                // SkyWalking: an Entry inside an Entry is the same span; the innermost name is the most precise.
                if (current.IsAllDataRequested && !string.IsNullOrEmpty(operationName))
                {
                    current.DisplayName = Truncate(operationName);
                }

                return new TracingSpan(current, SpanType.Entry, SpanOwnership.NestedEntry);
            }

            if (_adoptedSources.Contains(current.Source.Name))
            {
                return Adopt(current, operationName, SpanType.Entry, layer, out _);
            }
        }

        var extracted = _propagator.Extract(carrier, getter);
        Count(extracted);

        // Once: an ActivityContext comparison compares its ids and trace state.
        var hasRemoteParent = extracted.HasParent;
        if (!hasRemoteParent && current is { IsAllDataRequested: false })
        {
            return default;
        }

        if (!string.IsNullOrEmpty(operationName) && _ignored.IsIgnored(operationName))
        {
            Counters.IgnoredEntry();
            return StartIgnored(operationName, kind, extracted, hasRemoteParent);
        }

        var span = Start(hasRemoteParent ? null : current, operationName, kind, SpanType.Entry, layer, extracted.Parent, hasRemoteParent, extracted.ExternalTraceId, out _);
        if (span.Activity is { } activity)
        {
            AddBaggage(activity, extracted);
            if (activity.IsAllDataRequested && extracted.References is { } references)
            {
                foreach (var (key, value) in references)
                {
                    activity.SetTag(key, value);
                }
            }
        }

        return span;
    }

    /// <inheritdoc />
    public TracingSpan CreateExitSpan<TCarrier>(string operationName, string peer, TCarrier carrier, CarrierSetter<TCarrier> setter, SpanLayer layer)
    {
        var span = OpenExit(operationName, peer, layer, out var index);
        InjectFrom(span.Activity ?? Activity.Current, index, peer, carrier, setter);
        return span;
    }

    /// <inheritdoc />
    public TracingSpan CreateExitSpan(string operationName, string peer, SpanLayer layer) => OpenExit(operationName, peer, layer, out _);

    /// <inheritdoc />
    public void Inject<TCarrier>(TCarrier carrier, CarrierSetter<TCarrier> setter)
        => InjectFrom(Activity.Current, 0, null, carrier, setter);

    /// <inheritdoc />
    public ContextSnapshot Capture()
    {
        var current = Activity.Current;
        if (current is null)
        {
            var continuation = _continuation.Value;
            return continuation is null ? default : new ContextSnapshot(continuation.Anchor, continuation.Segment);
        }

        return new ContextSnapshot(current, FindSegment(current));
    }

    /// <inheritdoc />
    public IDisposable Continue(in ContextSnapshot snapshot)
    {
        if (snapshot.Activity is not { } anchor)
        {
            return ContinuationScope.Empty;
        }

        var scope = new ContinuationScope(_continuation, Activity.Current, _continuation.Value);
        if (!anchor.IsStopped)
        {
            if (_continuation.Value is not null)
            {
                _continuation.Value = null;
            }

            Activity.Current = anchor;
        }
        else
        {
            Volatile.Write(ref _continued, true);
            _continuation.Value = new Continuation(anchor, anchor.Context, snapshot.State as SegmentContext);
            Activity.Current = null;
        }

        return scope;
    }

    /// <summary>Stops listening; spans already started still stop normally.</summary>
    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
        _members.Dispose();
    }

    private TracingSpan OpenExit(string operationName, string peer, SpanLayer layer, out int index)
    {
        index = 0;
        var kind = layer == SpanLayer.Messaging ? ActivityKind.Producer : ActivityKind.Client;
        var current = Activity.Current;
        if (current is { IsStopped: false, Kind: ActivityKind.Client or ActivityKind.Producer })
        {
            if (IsTraced(current))
            {
                // SkyWalking: an Exit inside an Exit for the same call is the same span; the outer plugin owns it.
                return new TracingSpan(current, SpanType.Exit, SpanOwnership.NestedExit);
            }

            if (_adoptedSources.Contains(current.Source.Name))
            {
                var adopted = Adopt(current, operationName, SpanType.Exit, layer, out index);
                adopted.SetTag(SpanTags.Peer, peer);
                return adopted;
            }
        }

        if (current is { IsAllDataRequested: false })
        {
            return default;
        }

        var span = Start(current, operationName, kind, SpanType.Exit, layer, default, false, null, out index);
        if (span.IsRecording && !string.IsNullOrEmpty(peer))
        {
            span.Activity!.SetTag(SpanTags.Peer, peer);
        }

        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TracingSpan Start(
        Activity? parent, string operationName, ActivityKind kind, SpanType type, SpanLayer layer,
        in ActivityContext remoteParent, bool hasRemoteParent, string? externalTraceId, out int index)
    {
        if (hasRemoteParent)
        {
            // A remote parent always starts a new segment.
            return Open(remoteParent, true, null, operationName, kind, type, layer, externalTraceId, out index);
        }

        if (parent is not null)
        {
            return Open(default, false, FindSegment(parent), operationName, kind, type, layer, externalTraceId, out index);
        }

        // The flag spares new traces an AsyncLocal read in the (usual) process that never continued a stopped span.
        if (Volatile.Read(ref _continued) && _continuation.Value is { } continuation)
        {
            var open = continuation.Segment is { IsOpen: true } segment ? segment : null;
            return Open(continuation.Parent, true, open, operationName, kind, type, layer, externalTraceId, out index);
        }

        // A Local span with no parent at all starts its segment without creating it: most such spans stay alone.
        return Open(default, false, null, operationName, kind, type, layer, externalTraceId, out index, type == SpanType.Local);
    }

    private TracingSpan Open(
        ActivityContext explicitParent, bool hasExplicitParent, SegmentContext? segment, string operationName, ActivityKind kind,
        SpanType type, SpanLayer layer, string? externalTraceId, out int index, bool deferSegment = false)
    {
        index = 0;
        if (string.IsNullOrEmpty(operationName))
        {
            return default;
        }

        if (segment is not null)
        {
            // One atomic operation reserves the span's place (the span limit) and counts it as running.
            index = segment.TryJoin(_spanLimit);
            if (index == SegmentContext.Closed)
            {
                // Completed since it was found (its last span stopped on another thread): as under a stopped parent.
                index = 0;
                segment = null;
            }
            else if (index < 0)
            {
                Counters.SpanOverLimit();
                return default;
            }
        }

        var name = operationName.Length > _nameLimit ? operationName[.._nameLimit] : operationName;

        // A Local or Exit span joining its local parent's segment is a member: no tag, the source says it all. A
        // deferring first span comes from the same source: a member with no parent is a segment's first span whose
        // segment is created only when another span joins it (SegmentOfFirstSpan), and until then it carries no tag
        // either, so the caller's first tag takes the lock-free slot and no segment is allocated.
        var member = segment is not null ? !hasExplicitParent && type != SpanType.Entry : deferSegment;
        var activity = member
            ? _members.StartActivity(name, kind)
            : !hasExplicitParent
                ? _source.StartActivity(name, kind)
                : _source.StartActivity(name, kind, explicitParent);
        if (activity is not { IsAllDataRequested: true })
        {
            segment?.Leave(_sink, Counters);
            return activity is null ? default : new TracingSpan(activity, type, SpanOwnership.Owned);
        }

        // First tag on purpose: FindSegment reads it up the parent chain. The first span of a segment, and one
        // continuing a stopped span (no local parent), carry the object until they stop; a nested Entry carries the
        // id string (plugins check an Entry's tag to know it is traced); members carry nothing.
        if (!member)
        {
            // A new segment is created running: it costs no atomic operation.
            activity.SetTag(
                SpanTags.SegmentId,
                segment is null ? new SegmentContext(this, activity.SpanId.ToHexString(), externalTraceId, name)
                    : hasExplicitParent ? segment : segment.Id);
        }

        if (layer != SpanLayer.Unknown)
        {
            activity.SetTag(SpanTags.Layer, SpanLayerNames.Of(layer));
        }

        return new TracingSpan(activity, type, SpanOwnership.Owned);
    }

    private TracingSpan Adopt(Activity current, string operationName, SpanType type, SpanLayer layer, out int index)
    {
        index = 0;
        if (!current.IsAllDataRequested)
        {
            return default;
        }

        var segment = current.Parent is { } parent ? FindSegment(parent) : null;
        if (segment is not null)
        {
            index = segment.TryJoin(_spanLimit);
            if (index == SegmentContext.Closed)
            {
                index = 0;
                segment = null;
            }
            else if (index < 0)
            {
                Counters.SpanOverLimit();
                return default;
            }
        }

        if (!string.IsNullOrEmpty(operationName))
        {
            current.DisplayName = Truncate(operationName);
        }

        segment ??= new SegmentContext(this, current.SpanId.ToHexString(), null, current.DisplayName);
        current.SetTag(SpanTags.SegmentId, segment);
        if (layer != SpanLayer.Unknown)
        {
            current.SetTag(SpanTags.Layer, SpanLayerNames.Of(layer));
        }

        return new TracingSpan(current, type, SpanOwnership.Adopted);
    }

    private TracingSpan StartIgnored(string operationName, ActivityKind kind, ExtractedContext extracted, bool hasRemoteParent)
    {
        // The Entry still gets an unrecorded Activity, so that the whole request below it is unsampled too
        // (SkyWalking's IgnoredTracerContext) and outgoing calls carry "not sampled".
        _dropNext = true;
        try
        {
            var name = Truncate(operationName);
            var activity = hasRemoteParent ? _source.StartActivity(name, kind, extracted.Parent) : _source.StartActivity(name, kind);
            if (activity is null)
            {
                return default;
            }

            AddBaggage(activity, extracted);
            return new TracingSpan(activity, SpanType.Entry, SpanOwnership.Owned);
        }
        finally
        {
            _dropNext = false;
        }
    }

    private void InjectFrom<TCarrier>(Activity? activity, int index, string? peer, TCarrier carrier, CarrierSetter<TCarrier> setter)
    {
        ActivityContext context;
        SegmentContext? segment;
        if (activity is not null)
        {
            context = activity.Context;
            segment = FindSegment(activity);
        }
        else if (_continuation.Value is { } continuation)
        {
            activity = continuation.Anchor;
            context = continuation.Parent;
            segment = continuation.Segment;
        }
        else
        {
            return;
        }

        try
        {
            _propagator.Inject(new InjectionContext(context, activity, segment, index, peer), carrier, setter);
        }
        catch (Exception)
        {
            // A plugin's setter failed (a read-only header collection, say): the call goes out without our fields.
            Counters.CarrierFailure();
        }
    }

    private ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options)
    {
        if (!IsOwn(options.Source))
        {
            // A framework source we only listen to for adoption: leave its sampling to the application.
            return ActivitySamplingResult.None;
        }

        if (_dropNext)
        {
            return ActivitySamplingResult.PropagationData;
        }

        var parent = options.Parent;
        var hasParent = parent != default;

        // Only a new trace is checked: the agent's own calls never run under an Activity of the app.
        if (!hasParent && SpanSuppression.IsActive)
        {
            return ActivitySamplingResult.None;
        }

        var sampled = hasParent
            ? (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0
            : _sampler.ShouldSample(options.TraceId);
        return sampled ? ActivitySamplingResult.AllDataAndRecorded
            : _keepErrors ? ActivitySamplingResult.AllData
            : ActivitySamplingResult.PropagationData;
    }

    private void OnActivityStopped(Activity activity)
    {
        if (ReferenceEquals(activity.Source, _members))
        {
            // Only recorded members joined a segment (Open leaves it for the others).
            if (!activity.IsAllDataRequested)
            {
                return;
            }

            if (activity.Parent is null)
            {
                StopFirstSpan(activity);
            }
            else if (MemberSegment(activity.Parent) is { } joined)
            {
                joined.Stopped(activity, _sink, Counters);
            }

            return;
        }

        var tag = activity.GetTagItem(SpanTags.SegmentId);
        if (tag is SegmentContext segment)
        {
            if (ReferenceEquals(segment.Owner, this))
            {
                StopCarrier(activity, segment);
            }
        }
        else if (tag is string id && ReferenceEquals(activity.Source, _source) && SegmentOf(activity.Parent, id) is { } member)
        {
            member.Stopped(activity, _sink, Counters);
        }
    }

    private void StopCarrier(Activity activity, SegmentContext segment)
    {
        // Before the tag can become the id string: closed to joins if this span is the last, else findable by id.
        var last = segment.TryCloseOrOutlive(_outliving);

        // Our own spans get the id string at export (SegmentIds, off this thread); an adopted Activity gets it now, as
        // the application's own exporters may read it too.
        if (!IsOwn(activity.Source))
        {
            activity.SetTag(SpanTags.SegmentId, segment.Id);
        }

        if (last)
        {
            segment.StoppedLast(activity, _sink, Counters);
        }
        else
        {
            segment.Stopped(activity, _sink, Counters);
        }
    }

    private void StopFirstSpan(Activity first)
    {
        // Activity.Stop set IsStopped before calling us; SegmentOfFirstSpan sets the tag before reading IsStopped.
        // With a full fence on both sides at least one of the two sees the other's write, and the segment's
        // claim/disown flag settles the case where both do.
        Interlocked.MemoryBarrier();
        if (first.GetTagItem(SpanTags.SegmentId) is SegmentContext segment && segment.TryClaimFirst())
        {
            StopCarrier(first, segment);
        }
        else
        {
            SegmentContext.StoppedAlone(first, _sink, Counters);
        }
    }

    private SegmentContext? SegmentOfFirstSpan(Activity first)
    {
        // A recorded Local span that started a trace, has no segment yet and is joined now: create its segment, with
        // it as the first span, running. An unrecorded one never reports a segment (its stop ignores it).
        if (!first.IsAllDataRequested)
        {
            return null;
        }

        lock (_firstJoin)
        {
            switch (first.GetTagItem(SpanTags.SegmentId))
            {
                case SegmentContext created:
                    return created.IsOpen ? created : null;
                case not null:
                    // Exported alone: it stopped long ago.
                    return null;
            }

            if (first.IsStopped)
            {
                return null;
            }

            var segment = new SegmentContext(this, first.SpanId.ToHexString(), null, first.DisplayName);
            first.SetTag(SpanTags.SegmentId, segment);

            // See StopFirstSpan. A first span seen stopping goes alone, or has claimed the segment and is about to
            // close it: either way the joining span starts a segment of its own, as under any stopped parent.
            Interlocked.MemoryBarrier();
            if (first.IsStopped)
            {
                if (segment.TryDisownFirst(_outliving, _sink, Counters))
                {
                    // It stopped alone and may have been exported already (SegmentIds wrote its id, which the object
                    // just replaced): it names its segment with the string again.
                    first.SetTag(SpanTags.SegmentId, segment.Id);
                }

                return null;
            }

            return segment;
        }
    }

    private bool IsOwn(ActivitySource source) => ReferenceEquals(source, _source) || ReferenceEquals(source, _members);

    private bool IsTraced(Activity activity)
        => IsOwn(activity.Source) || activity.GetTagItem(SpanTags.SegmentId) is SegmentContext;

    private SegmentContext? MemberSegment(Activity? parent)
    {
        // A member joined the segment of the first tag up its parent chain when it started (members and foreign
        // Activities carry none), and tags only ever change from the object to its id: that tag still names it.
        for (var current = parent; current is not null; current = current.Parent)
        {
            switch (current.GetTagItem(SpanTags.SegmentId))
            {
                case SegmentContext segment:
                    return segment;
                case string id:
                    return SegmentOf(current.Parent, id);
            }
        }

        return null;
    }

    private SegmentContext? FindSegment(Activity activity)
    {
        // The nearest segment up the local parent chain; foreign Activities in between are skipped, and spans that
        // carry only the id lead further up, to the span that carries the segment or, when that one has stopped, to
        // the segments that outlive their first span.
        string? id = null;
        for (var current = activity; current is not null; current = current.Parent)
        {
            var tag = current.GetTagItem(SpanTags.SegmentId);
            if (tag is SegmentContext segment && (id is null || ReferenceEquals(segment.Id, id) || segment.Id == id))
            {
                return segment.IsOpen ? segment : null;
            }

            if (tag is null && current.Parent is null && ReferenceEquals(current.Source, _members))
            {
                // A first span whose segment was deferred (Open): a span below it that carried the id would have found
                // the segment object on it.
                return SegmentOfFirstSpan(current);
            }

            id ??= tag as string;
        }

        return id is not null && _outliving.TryGetValue(id, out var outliving) && outliving.IsOpen ? outliving : null;
    }

    private SegmentContext? SegmentOf(Activity? parent, string id)
    {
        for (var current = parent; current is not null; current = current.Parent)
        {
            if (current.GetTagItem(SpanTags.SegmentId) is SegmentContext segment && (ReferenceEquals(segment.Id, id) || segment.Id == id))
            {
                return segment;
            }
        }

        return _outliving.TryGetValue(id, out var outliving) ? outliving : null;
    }

    private void Count(ExtractedContext extracted)
    {
        if (extracted.MalformedTraceContext)
        {
            Counters.MalformedTraceContext();
        }

        if (extracted.MalformedFields > 0)
        {
            Counters.MalformedField(extracted.MalformedFields);
        }
    }

    private static void AddBaggage(Activity activity, ExtractedContext extracted)
    {
        if (!extracted.HasBaggage)
        {
            return;
        }

        // AddBaggage prepends, so add in reverse to keep the header's order.
        for (var i = extracted.Baggage.Count - 1; i >= 0; i--)
        {
            activity.AddBaggage(extracted.Baggage[i].Key, extracted.Baggage[i].Value);
        }
    }

    private string Truncate(string name) => name.Length > _nameLimit ? name[.._nameLimit] : name;

    private static SpanType TypeOf(ActivityKind kind) => kind switch
    {
        ActivityKind.Server or ActivityKind.Consumer => SpanType.Entry,
        ActivityKind.Client or ActivityKind.Producer => SpanType.Exit,
        _ => SpanType.Local,
    };
}
