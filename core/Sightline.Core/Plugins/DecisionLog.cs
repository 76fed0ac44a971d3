using System.Collections.Concurrent;

namespace Sightline.Core.Plugins;

/// <summary>Every decision the plugin engine made, in order; safe to append from assembly-load callbacks on any thread.</summary>
public sealed class DecisionLog
{
    private readonly ConcurrentQueue<PluginDecision> _decisions = new();

    /// <summary>Raised after a decision is recorded, for the agent log.</summary>
    public event Action<PluginDecision>? Recorded;

    /// <summary>All decisions so far.</summary>
    public IReadOnlyList<PluginDecision> Snapshot() => _decisions.ToArray();

    internal void Record(PluginDecision decision)
    {
        _decisions.Enqueue(decision);
        Recorded?.Invoke(decision);
    }
}
