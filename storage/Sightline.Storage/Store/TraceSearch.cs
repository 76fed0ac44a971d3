using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>The traces a search has found so far, newest first, up to its limit.</summary>
public sealed class TraceSearch(int limit)
{
    private readonly HashSet<TraceId> _seen = [];

    public List<FoundTrace> Found { get; } = [];

    public int Limit => limit;

    public bool IsFull => Found.Count >= limit;

    public bool Contains(TraceId traceId) => _seen.Contains(traceId);

    /// <summary>Adds a trace unless it is already found; callers add in order of decreasing start.</summary>
    public void Add(TraceId traceId, long startNanos)
    {
        if (!IsFull && _seen.Add(traceId))
        {
            Found.Add(new FoundTrace(traceId, startNanos));
        }
    }
}
