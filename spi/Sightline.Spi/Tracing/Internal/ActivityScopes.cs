using System.Diagnostics;

namespace Sightline.Spi.Tracing.Internal;

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

        // What Stop made current, which is what was current when the span started: its Parent when it has one (Start
        // took the Parent from Activity.Current), nothing when it has no parent at all (else Start would have made
        // that its Parent); only a span started under an explicit parent context needs the AsyncLocal read.
        var now = span.Parent ?? (span.ParentSpanId == default ? null : Activity.Current);
        var restored = FirstRunning(ReferenceEquals(current, span) ? now : current);
        if (!ReferenceEquals(now, restored))
        {
            Activity.Current = restored;
        }
    }
}
