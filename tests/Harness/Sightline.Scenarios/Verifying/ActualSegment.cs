using System.Text;
using Sightline.Scenarios.Collecting;

namespace Sightline.Scenarios.Verifying;

/// <summary>The spans one service recorded for one trace under one segment id.</summary>
public sealed record ActualSegment(string Service, string TraceId, string SegmentId, IReadOnlyList<ActualSpan> Spans)
{
    /// <summary>Groups spans into segments, in the order their first span started.</summary>
    public static IReadOnlyList<ActualSegment> Of(IEnumerable<ActualSpan> spans) =>
        spans.GroupBy(s => (s.Service, s.TraceId, s.SegmentId))
            .Select(g => new ActualSegment(g.Key.Service, g.Key.TraceId, g.Key.SegmentId, g.OrderBy(s => s.StartNanos).ToList()))
            .OrderBy(s => s.Spans[0].StartNanos)
            .ToList();

    /// <summary>The segment as an indented tree, for reports.</summary>
    public string Describe(string indent)
    {
        var text = new StringBuilder($"{indent}service {Service}, trace {TraceId}, segment {SegmentId}, {Spans.Count} span(s):\n");
        var ids = Spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        foreach (var root in Spans.Where(s => !ids.Contains(s.ParentSpanId)))
        {
            Append(text, root, indent + "  ");
        }

        return text.ToString();
    }

    private void Append(StringBuilder text, ActualSpan span, string indent)
    {
        text.Append(indent).Append("- ").Append(span).Append('\n');
        foreach (var child in Spans.Where(s => s.ParentSpanId == span.SpanId))
        {
            Append(text, child, indent + "  ");
        }
    }
}
