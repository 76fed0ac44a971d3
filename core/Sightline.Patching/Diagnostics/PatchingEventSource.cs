using System.Diagnostics.Tracing;

namespace Sightline.Patching.Diagnostics;

/// <summary>
/// Self-diagnostics of the patch engine (STYLE.md habit 7): patched, refused, removed, and compiled versions that
/// could not be patched. Never written from inside the JIT hook; the hook only counts.
/// </summary>
[EventSource(Name = "Sightline-Patching")]
internal sealed class PatchingEventSource : EventSource
{
    public static readonly PatchingEventSource Log = new();

    [Event(1, Level = EventLevel.Informational, Message = "Patched {0} for {1}: {2}")]
    public void Applied(string target, string owner, string note) => WriteEvent(1, target, owner, note);

    [Event(2, Level = EventLevel.Warning, Message = "Refused to patch {0} for {1}: {2}")]
    public void Refused(string target, string owner, string reason) => WriteEvent(2, target, owner, reason);

    [Event(3, Level = EventLevel.Informational, Message = "Removed patch of {0} for {1}")]
    public void Removed(string target, string owner) => WriteEvent(3, target, owner);

    [Event(4, Level = EventLevel.Warning, Message = "A compiled version of {0} was left unpatched: {1}")]
    public void VersionLeftUnpatched(string target, string reason) => WriteEvent(4, target, reason);

    [Event(5, Level = EventLevel.Warning, Message = "The engine's warm-up failed (the first patch will be slower): {0}")]
    public void WarmUpFailed(string reason) => WriteEvent(5, reason);
}
