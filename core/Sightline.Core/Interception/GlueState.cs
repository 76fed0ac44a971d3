using System.ComponentModel;
using System.Diagnostics;

namespace Sightline.Core.Interception;

/// <summary>
/// The per-call state the generated glue keeps between an interceptor's enter, exit and exception callbacks:
/// the interceptor's own state and the caller's <see cref="Activity.Current"/>, restored after an async target
/// returns its task so a span opened on enter never leaks into the caller.
/// </summary>
/// <typeparam name="TUser">The interceptor's state type (<see cref="NoState"/> when it keeps none).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct GlueState<TUser>
{
    /// <summary>The interceptor's own state.</summary>
    public TUser User;

    /// <summary>The caller's current activity when the call entered.</summary>
    public Activity? Saved;

    /// <summary>True once the enter callback ran (false when the plugin was switched off).</summary>
    public bool Entered;
}

/// <summary>The state type of an interceptor that keeps none.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct NoState
{
}
