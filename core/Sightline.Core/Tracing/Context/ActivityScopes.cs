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
    /// always makes current what was current when the span started, which is wrong when the span is not the current
    /// one (finished on another thread, or out of order), or when that Activity has stopped since.
    /// </summary>
    public static void StopKeepingCurrent(Activity span)
    {
        var current = Activity.Current;
        span.Stop();

        // What Stop made current: the span's Parent when it has one (Start took the Parent from Activity.Current),
        // so the usual case reads the AsyncLocal once, not three times.
        var now = span.Parent ?? Activity.Current;
        var restored = FirstRunning(ReferenceEquals(current, span) ? now : current);
        if (!ReferenceEquals(now, restored))
        {
            Activity.Current = restored;
        }
    }
}
