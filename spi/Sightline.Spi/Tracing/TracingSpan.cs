using System.Diagnostics;
using Sightline.Spi.Tracing.Internal;

namespace Sightline.Spi.Tracing;

/// <summary>
/// A handle on one Entry, Local or Exit span. The span itself is a <see cref="System.Diagnostics.Activity"/>;
/// the handle is a small struct so that an unsampled or suppressed span costs no allocation: then
/// <see cref="Activity"/> is null and every method does nothing. Copies of a handle refer to the same span.
/// </summary>
/// <remarks>
/// Sixteen bytes, the span and two small enums, so that it is returned in registers: a handle that also held its
/// tracer, to stop the span through it, made a Local span 1-3 % dearer (2026-11-25, InterleavedSpans). Stopping needs
/// no tracer: the tracer's own bookkeeping runs in its listener when the Activity stops.
/// </remarks>
public readonly struct TracingSpan : IDisposable
{
    /// <summary>Creates a handle; called by the tracer implementation, not by plugins.</summary>
    /// <param name="activity">The span, or null for a no-op handle.</param>
    /// <param name="type">The span type the plugin asked for.</param>
    /// <param name="ownership">How the handle relates to <paramref name="activity"/>.</param>
    public TracingSpan(Activity? activity, SpanType type, SpanOwnership ownership)
    {
        Activity = activity;
        Type = type;
        Ownership = ownership;
    }

    /// <summary>The span, or null when nothing is recorded (not sampled, ignored, over the span limit, no agent).</summary>
    public Activity? Activity { get; }

    /// <summary>The span type the plugin asked for.</summary>
    public SpanType Type { get; }

    /// <summary>How this handle relates to <see cref="Activity"/>.</summary>
    public SpanOwnership Ownership { get; }

    /// <summary>True when the handle points at no span; every method is then a no-op.</summary>
    public bool IsNoop => Activity is null;

    /// <summary>True when tags and events written through this handle are kept.</summary>
    public bool IsRecording => Activity is { IsAllDataRequested: true } && Ownership != SpanOwnership.NestedExit;

    /// <summary>Sets (or replaces) a tag. Ignored when not <see cref="IsRecording"/>.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">A string, number or boolean; null removes the tag.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetTag(string key, object? value)
    {
        if (IsRecording)
        {
            Activity!.SetTag(key, value);
        }

        return this;
    }

    /// <summary>
    /// Sets (or replaces) a numeric tag; the value is boxed only when the span records, and values 0-1023 (status
    /// codes, ports, counts) only once per process.
    /// </summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetTag(string key, int value)
    {
        if (IsRecording)
        {
            Activity!.SetTag(key, BoxedInts.Of(value));
        }

        return this;
    }

    /// <summary>Sets (or replaces) a numeric tag; the value is boxed only when the span records.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetTag(string key, long value)
    {
        if (IsRecording)
        {
            Activity!.SetTag(key, value);
        }

        return this;
    }

    /// <summary>Sets (or replaces) a numeric tag; the value is boxed only when the span records.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetTag(string key, double value)
    {
        if (IsRecording)
        {
            Activity!.SetTag(key, value);
        }

        return this;
    }

    /// <summary>Sets (or replaces) a boolean tag; the value is boxed only when the span records.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetTag(string key, bool value)
    {
        if (IsRecording)
        {
            Activity!.SetTag(key, value);
        }

        return this;
    }

    /// <summary>Records the instrumented library (the <see cref="SpanTags.Component"/> tag).</summary>
    /// <param name="component">A short stable name such as <c>HttpClient</c>.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetComponent(string component) => SetTag(SpanTags.Component, component);

    /// <summary>Records the layer (the <see cref="SpanTags.Layer"/> tag).</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetLayer(SpanLayer layer) => SetTag(SpanTags.Layer, SpanLayerNames.Of(layer));

    /// <summary>Adds a timestamped event (SkyWalking's span log).</summary>
    /// <param name="name">The event name, for example <c>retry</c>.</param>
    /// <param name="fields">Optional key/value fields of the event.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan AddEvent(string name, IEnumerable<KeyValuePair<string, object?>>? fields = null)
    {
        if (IsRecording)
        {
            var tags = fields is null ? default : new ActivityTagsCollection(fields);
            Activity!.AddEvent(new ActivityEvent(name, default, tags));
        }

        return this;
    }

    /// <summary>
    /// Records an exception: an <c>exception</c> event with its type, message and stack (cut to
    /// <see cref="SpanErrors.MaxStackLength"/> characters), the <see cref="SpanTags.ErrorType"/> tag and the Error
    /// status. A trace that ends with an error is kept in keep-errors sampling mode.
    /// </summary>
    /// <param name="exception">The exception the intercepted call threw.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan RecordException(Exception exception)
    {
        if (IsRecording && exception is not null)
        {
            SpanErrors.Record(Activity!, exception);
        }

        return this;
    }

    /// <summary>Marks the span as failed without an exception (for example an HTTP 500 response).</summary>
    /// <param name="description">A short description, or null.</param>
    /// <returns>This handle, for chaining.</returns>
    public TracingSpan SetError(string? description = null)
    {
        if (IsRecording)
        {
            Activity!.SetStatus(ActivityStatusCode.Error, description);
        }

        return this;
    }

    /// <summary>
    /// Stops the span and restores the active span to its parent. Stopping a span twice, or a no-op handle, does
    /// nothing.
    /// </summary>
    public void Stop()
    {
        if (Activity is { IsStopped: false } activity && Ownership == SpanOwnership.Owned)
        {
            ActivityScopes.StopKeepingCurrent(activity);
        }
    }

    /// <summary>
    /// Detaches the span from the current thread so that the intercepted method can return while the span stays
    /// open (a Task-returning call): the active span goes back to the parent, and the span must later be ended
    /// with <see cref="AsyncFinish"/>, from any thread.
    /// </summary>
    /// <returns>This handle.</returns>
    public TracingSpan PrepareForAsync()
    {
        if (Activity is { } activity && Ownership == SpanOwnership.Owned && ReferenceEquals(Activity.Current, activity))
        {
            Activity.Current = ActivityScopes.FirstRunning(activity.Parent);
        }

        return this;
    }

    /// <summary>Ends a span prepared with <see cref="PrepareForAsync"/>, from any thread, leaving that thread's active span alone.</summary>
    public void AsyncFinish() => Stop();

    /// <summary>Same as <see cref="Stop"/>, so that a handle can sit in a <c>using</c>.</summary>
    public void Dispose() => Stop();
}
