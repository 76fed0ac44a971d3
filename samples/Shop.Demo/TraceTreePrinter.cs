using System.Globalization;

namespace Shop.Demo;

/// <summary>Writes a trace as an indented tree: name, service, span kind, start offset and duration in milliseconds.</summary>
public static class TraceTreePrinter
{
    private const int MaxNameWidth = 64;

    /// <summary>Writes the spans of <paramref name="trace"/>, or only those in <paramref name="only"/>; <paramref name="note"/> adds a word at a line's end.</summary>
    public static void Write(TextWriter output, CapturedTrace trace, IReadOnlySet<TraceSpan>? only = null, Func<TraceSpan, string>? note = null)
    {
        var rows = new List<(string Name, TraceSpan Span)>();
        foreach (var root in trace.Roots.Where(s => only is null || only.Contains(s)))
        {
            Collect(trace, root, string.Empty, string.Empty, rows, only);
        }

        var width = Math.Min(MaxNameWidth, rows.Select(r => r.Name.Length).DefaultIfEmpty(4).Max());
        var serviceWidth = Math.Max(7, rows.Select(r => r.Span.Service.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"    {"span".PadRight(width)}  {"service".PadRight(serviceWidth)}  kind     start ms  duration ms");
        foreach (var (name, span) in rows)
        {
            var shown = name.Length > width ? name[..(width - 1)] + "…" : name.PadRight(width);
            var start = (span.StartMicros - trace.StartMicros) / 1000.0;
            var duration = span.DurationMicros / 1000.0;
            var extra = note?.Invoke(span) ?? (span.IsError ? "error" : string.Empty);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {shown}  {span.Service.PadRight(serviceWidth)}  {span.Kind,-5}  {start,10:0.0}  {duration,11:0.0}  {extra}").TrimEnd());
        }
    }

    private static void Collect(CapturedTrace trace, TraceSpan span, string lead, string childLead, List<(string, TraceSpan)> rows, IReadOnlySet<TraceSpan>? only)
    {
        rows.Add((lead + span.Operation, span));
        var children = trace.ChildrenOf(span).Where(s => only is null || only.Contains(s)).ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            Collect(trace, children[i], childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), rows, only);
        }
    }
}
