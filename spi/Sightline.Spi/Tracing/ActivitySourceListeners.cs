using System.Diagnostics;
using Sightline.Spi.Plugins;

namespace Sightline.Spi.Tracing;

/// <summary>
/// How many <see cref="ActivityListener"/>s listen to an <see cref="ActivitySource"/>. A plugin uses it to tell
/// whether anyone besides the agent would see a framework's own Activities: the agent's tracer is one listener of
/// each framework source it adopts Activities from (<c>System.Net.Http</c>, <c>Microsoft.AspNetCore</c>), and
/// <see cref="ActivitySource.HasListeners"/> cannot tell it from the application's.
/// </summary>
/// <remarks>
/// The count is read from the source's internal listener list, a layout of System.Diagnostics.DiagnosticSource (a
/// package an application may ship newer than the framework's). Where it cannot be read, <see cref="Count"/>
/// returns null, and a plugin must then assume someone else listens.
/// </remarks>
public static class ActivitySourceListeners
{
    private static readonly Func<ActivitySource, int>? Reader = CompileReader();

    /// <summary>The number of listeners of <paramref name="source"/>, or null when it cannot be read.</summary>
    /// <param name="source">The source.</param>
    /// <returns>The listener count; null if this version of DiagnosticSource keeps its listeners elsewhere.</returns>
    public static int? Count(ActivitySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Reader?.Invoke(source);
    }

    private static Func<ActivitySource, int>? CompileReader()
    {
        try
        {
            // No list yet (nobody ever listened) reads as 0. A missing member or a count that is not an int throws
            // while the reader is built.
            return MemberAccess.Getter<int>(typeof(ActivitySource), "_listeners.Count");
        }
        catch (Exception)
        {
            // A layout this version does not expect, or no dynamic code: the count is unknown.
            return null;
        }
    }
}
