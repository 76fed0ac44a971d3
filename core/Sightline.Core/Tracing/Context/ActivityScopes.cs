using System.Diagnostics;

namespace Sightline.Core.Tracing.Context;

/// <summary>Small rules about <see cref="Activity.Current"/> that the runtime does not provide.</summary>
internal static class ActivityScopes
{
    /// <summary>
    /// <paramref name="activity"/> or its nearest running ancestor: <see cref="Activity.Current"/> refuses a
    /// stopped Activity, so restoring one would silently keep the wrong span active.
    /// </summary>
    public static Activity? FirstRunning(Activity? activity)
    {
        while (activity is { IsStopped: true })
        {
            activity = activity.Parent;
        }

        return activity;
    }

    /// <summary>
    /// Stops <paramref name="span"/> without disturbing this thread's active span: <see cref="Activity.Stop"/>
    /// always makes the stopped span's parent current, which is wrong when the span is not the current one
    /// (finished on another thread, or out of order).
    /// </summary>
    public static void StopKeepingCurrent(Activity span)
    {
        var current = Activity.Current;
        span.Stop();

        // Activity.Stop makes the parent current even when the parent has stopped already (out-of-order stops).
        var restored = FirstRunning(ReferenceEquals(current, span) ? Activity.Current : current);
        if (!ReferenceEquals(Activity.Current, restored))
        {
            Activity.Current = restored;
        }
    }
}
