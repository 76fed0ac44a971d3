using System.Diagnostics;

namespace Sightline.Spi.Tracing;

/// <summary>
/// The active span captured on one thread (<see cref="ITracer.Capture"/>) to be continued on another
/// (<see cref="ITracer.Continue"/>), for hand-offs the execution context does not follow (custom thread pools,
/// queues, <c>UnsafeQueueUserWorkItem</c>). The default value is empty and continues nothing.
/// </summary>
public readonly struct ContextSnapshot
{
    /// <summary>Creates a snapshot; called by the tracer implementation, not by plugins.</summary>
    /// <param name="activity">The span that was active.</param>
    /// <param name="state">Tracer state to carry with it (the segment), opaque to plugins.</param>
    public ContextSnapshot(Activity? activity, object? state)
    {
        Activity = activity;
        State = state;
    }

    /// <summary>The span that was active when the snapshot was taken, or null.</summary>
    public Activity? Activity { get; }

    /// <summary>Tracer state carried with the snapshot; opaque to plugins.</summary>
    public object? State { get; }

    /// <summary>True when there was an active span to continue.</summary>
    public bool IsValid => Activity is not null;
}
