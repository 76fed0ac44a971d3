using System.ComponentModel;
using System.Diagnostics;

namespace Sightline.Core.Interception;

/// <summary>Small steps the generated glue calls, kept in C# so the emitted IL stays a list of loads and calls.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GlueSupport
{
    /// <summary>Remembers the caller's current activity, before the enter callback may change it.</summary>
    public static void Save<TUser>(ref GlueState<TUser> state) => state.Saved = Activity.Current;

    /// <summary>
    /// Marks the call entered, once the enter callback returned: when it threw instead, the exit and exception
    /// callbacks do not run for this call, since whatever they would close was never opened.
    /// </summary>
    public static void Entered<TUser>(ref GlueState<TUser> state) => state.Entered = true;

    /// <summary>
    /// Puts the caller's activity back after an async target returned its task: the target's synchronous part ran
    /// inside the replacement, not inside an async method, so nothing else would restore it.
    /// </summary>
    public static void Leave<TUser>(ref GlueState<TUser> state)
    {
        if (state.Entered && !ReferenceEquals(Activity.Current, state.Saved))
        {
            Activity.Current = state.Saved;
        }
    }
}
