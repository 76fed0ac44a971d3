using System.Diagnostics.Tracing;

namespace Sightline.Patching.Diagnostics;

/// <summary>
/// Self-diagnostics of the patch engine (STYLE.md habit 7): patched, refused, removed, and compiled versions that
/// could not be patched. Never written from inside the JIT hook; the hook only counts. The two warnings that no
/// decision records (a version left unpatched, a failed warm-up) are kept, the first <see cref="UnheardLimit"/>, while
/// nobody listens, and written when a listener enables the source: the agent enables its log's listener only after
/// its first patches, since enabling builds the events' metadata by reflection (~20 ms of CPU at start-up).
/// </summary>
[EventSource(Name = "Sightline-Patching")]
internal sealed class PatchingEventSource : EventSource
{
    public const int UnheardLimit = 32;

    public static readonly PatchingEventSource Log = new();

    // Of a class, not a value tuple: a queue generic over a struct is JIT-compiled where the engine starts (ReadyToRun
    // cannot hold it), ~8 methods on the way to the first patch.
    private readonly Queue<UnheardEvent> _unheard = new();

    [Event(1, Level = EventLevel.Informational, Message = "Patched {0} for {1}: {2}")]
    public void Applied(string target, string owner, string note) => WriteEvent(1, target, owner, note);

    [Event(2, Level = EventLevel.Warning, Message = "Refused to patch {0} for {1}: {2}")]
    public void Refused(string target, string owner, string reason) => WriteEvent(2, target, owner, reason);

    [Event(3, Level = EventLevel.Informational, Message = "Removed patch of {0} for {1}")]
    public void Removed(string target, string owner) => WriteEvent(3, target, owner);

    [Event(4, Level = EventLevel.Warning, Message = "A compiled version of {0} was left unpatched: {1}")]
    public void VersionLeftUnpatched(string target, string reason)
    {
        if (!IsEnabled())
        {
            KeepUnheard(4, target, reason);
            return;
        }

        WriteEvent(4, target, reason);
    }

    [Event(5, Level = EventLevel.Warning, Message = "The engine's warm-up failed (the first patch will be slower): {0}")]
    public void WarmUpFailed(string reason)
    {
        if (!IsEnabled())
        {
            KeepUnheard(5, reason, null);
            return;
        }

        WriteEvent(5, reason);
    }

    /// <inheritdoc />
    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        if (command.Command != EventCommand.Enable)
        {
            return;
        }

        UnheardEvent[] unheard;
        lock (_unheard)
        {
            unheard = [.. _unheard];
            _unheard.Clear();
        }

        foreach (var (id, first, second) in unheard)
        {
            if (second is null)
            {
                WriteEvent(id, first);
            }
            else
            {
                WriteEvent(id, first, second);
            }
        }
    }

    /// <summary>True while warnings are kept that no listener has heard yet.</summary>
    public bool HasUnheard
    {
        get
        {
            lock (_unheard)
            {
                return _unheard.Count > 0;
            }
        }
    }

    [NonEvent]
    private void KeepUnheard(int id, string first, string? second)
    {
        lock (_unheard)
        {
            if (_unheard.Count < UnheardLimit)
            {
                _unheard.Enqueue(new UnheardEvent(id, first, second));
            }
        }
    }

    private sealed record UnheardEvent(int Id, string First, string? Second);
}
