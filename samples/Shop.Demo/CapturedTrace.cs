using System.Text.Json;

namespace Shop.Demo;

/// <summary>One trace read back from the storage server, as a tree: spans under their parents, children by start time.</summary>
public sealed class CapturedTrace
{
    private readonly Dictionary<string, List<TraceSpan>> _children = [];
    private readonly Dictionary<string, TraceSpan> _byId = [];

    private CapturedTrace(string traceId, IReadOnlyList<TraceSpan> spans)
    {
        TraceId = traceId;
        Spans = spans;
        foreach (var span in spans)
        {
            _byId.TryAdd(span.SpanId, span);
        }

        foreach (var span in spans.OrderBy(s => s.StartMicros))
        {
            if (span.ParentId is { } parent && _byId.ContainsKey(parent))
            {
                _children.TryAdd(parent, []);
                _children[parent].Add(span);
            }
        }

        // A span whose parent never arrived is shown at the top, as the UI does.
        Roots = [.. spans.Where(s => s.ParentId is null || !_byId.ContainsKey(s.ParentId)).OrderBy(s => s.StartMicros)];
    }

    public string TraceId { get; }

    public IReadOnlyList<TraceSpan> Spans { get; }

    public IReadOnlyList<TraceSpan> Roots { get; }

    public long StartMicros => Spans.Count == 0 ? 0 : Spans.Min(s => s.StartMicros);

    public IReadOnlySet<string> Services => Spans.Select(s => s.Service).ToHashSet();

    public static CapturedTrace Read(JsonElement trace)
    {
        var processes = trace.GetProperty("processes");
        var spans = trace.GetProperty("spans").EnumerateArray().Select(s => TraceSpan.Read(s, processes)).ToList();
        return new CapturedTrace(trace.GetProperty("traceID").GetString()!, spans);
    }

    public IReadOnlyList<TraceSpan> ChildrenOf(TraceSpan span) => _children.GetValueOrDefault(span.SpanId) ?? [];

    public TraceSpan? ParentOf(TraceSpan span) => span.ParentId is { } id ? _byId.GetValueOrDefault(id) : null;

    public int DepthOf(TraceSpan span)
    {
        var depth = 0;
        for (var parent = ParentOf(span); parent is not null && depth <= Spans.Count; parent = ParentOf(parent))
        {
            depth++;
        }

        return depth;
    }

    /// <summary>The likely root cause, as the web UI names it: the deepest error span, the earliest of equals.</summary>
    public TraceSpan? DeepestError() =>
        Spans.Where(s => s.IsError).OrderByDescending(DepthOf).ThenBy(s => s.StartMicros).FirstOrDefault();

    /// <summary>The spans from a root down to <paramref name="span"/>.</summary>
    public IReadOnlyList<TraceSpan> PathTo(TraceSpan span)
    {
        var path = new List<TraceSpan>();
        for (TraceSpan? current = span; current is not null && path.Count <= Spans.Count; current = ParentOf(current))
        {
            path.Add(current);
        }

        path.Reverse();
        return path;
    }
}
