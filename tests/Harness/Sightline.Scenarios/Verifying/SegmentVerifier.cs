using System.Text;
using Sightline.Scenarios.Collecting;
using Sightline.Scenarios.Expectations;

namespace Sightline.Scenarios.Verifying;

/// <summary>
/// Finds, for every expected segment, a different actual segment whose spans match the expected ones field by field
/// with the same parent structure, then checks the references between segments (a child service's first span has
/// the calling Exit span of the other service as parent, in the same trace). When that fails it reports, for the
/// segment it could not find, the closest actual segment and span and what differed.
/// </summary>
public static class SegmentVerifier
{
    // Enough alternatives per segment for the cross-segment search, without exploding on large traces.
    private const int CandidateLimit = 32;

    /// <summary>Compares <paramref name="expected"/> with <paramref name="spans"/>.</summary>
    public static VerificationResult Verify(ExpectedData expected, IReadOnlyList<ActualSpan> spans)
    {
        var segments = ActualSegment.Of(spans);
        var candidates = expected.Segments.Select(e => segments.SelectMany(a => Assignments(e, a).Select(m => new Match(a, m))).Take(CandidateLimit).ToList()).ToList();

        var missing = expected.Segments.Where((_, i) => candidates[i].Count == 0).ToList();
        if (missing.Count > 0)
        {
            var report = new StringBuilder($"{missing.Count} of {expected.Segments.Count} expected segment(s) not found among {segments.Count} actual segment(s) ({spans.Count} spans).\n");
            foreach (var segment in missing)
            {
                DescribeMiss(report, segment, segments);
            }

            return new VerificationResult(false, AppendActual(report, segments).ToString());
        }

        var chosen = new Match[expected.Segments.Count];
        if (Choose(expected, candidates, chosen, 0, new HashSet<ActualSegment>()))
        {
            return new VerificationResult(true, $"{expected.Segments.Count} expected segment(s) found among {segments.Count} actual segment(s) ({spans.Count} spans).");
        }

        var failed = new StringBuilder("every expected segment was found on its own, but the references between segments do not hold:\n");
        foreach (var (segment, index) in expected.Segments.Select((s, i) => (s, i)))
        {
            foreach (var span in segment.Spans.Where(s => s.RemoteParent is not null))
            {
                failed.Append($"  span {span.Label} of segment {segment.Label} must be a child of {span.RemoteParent}; candidates' parents: ")
                    .Append(string.Join(", ", candidates[index].Select(c => c.Spans[segment.Spans.IndexOf(span)].ParentSpanId).Distinct()))
                    .Append('\n');
            }
        }

        return new VerificationResult(false, AppendActual(failed, segments).ToString());
    }

    private static bool Choose(ExpectedData expected, List<List<Match>> candidates, Match[] chosen, int index, HashSet<ActualSegment> used)
    {
        if (index == chosen.Length)
        {
            return RemoteParentsHold(expected, chosen);
        }

        foreach (var candidate in candidates[index].Where(c => !used.Contains(c.Segment)))
        {
            chosen[index] = candidate;
            used.Add(candidate.Segment);
            if (Choose(expected, candidates, chosen, index + 1, used))
            {
                return true;
            }

            used.Remove(candidate.Segment);
        }

        return false;
    }

    private static bool RemoteParentsHold(ExpectedData expected, Match[] chosen)
    {
        for (var s = 0; s < chosen.Length; s++)
        {
            var segment = expected.Segments[s];
            for (var i = 0; i < segment.Spans.Count; i++)
            {
                if (segment.Spans[i].RemoteParent is not { } remote)
                {
                    continue;
                }

                var target = expected.Segments.FindIndex(e => e.Name == remote.Segment);
                var actual = chosen[s].Spans[i];
                var holds = expected.Segments[target].Spans
                    .Select((span, j) => (span, j))
                    .Where(x => x.span.Name == remote.Span)
                    .Any(x => chosen[target].Spans[x.j].SpanId == actual.ParentSpanId && chosen[target].Segment.TraceId == chosen[s].Segment.TraceId);
                if (!holds)
                {
                    return false;
                }
            }
        }

        return true;
    }

    // Every way (up to the limit) to give each expected span its own actual span of the segment, fields and parents matching.
    private static IEnumerable<ActualSpan[]> Assignments(ExpectedSegment expected, ActualSegment actual)
    {
        if (!ValueMatcher.Parse(expected.Service).Matches(actual.Service)
            || actual.Spans.Count < expected.Spans.Count
            || (!expected.AllowExtraSpans && actual.Spans.Count != expected.Spans.Count))
        {
            return [];
        }

        var fits = expected.Spans.Select(e => actual.Spans.Where(a => SpanComparison.Differences(e, a).Count == 0).ToList()).ToList();
        if (fits.Any(f => f.Count == 0))
        {
            return [];
        }

        var found = new List<ActualSpan[]>();
        Assign(expected, actual, fits, new ActualSpan[expected.Spans.Count], 0, found);
        return found;
    }

    private static void Assign(ExpectedSegment expected, ActualSegment actual, List<List<ActualSpan>> fits, ActualSpan[] current, int index, List<ActualSpan[]> found)
    {
        if (found.Count >= CandidateLimit)
        {
            return;
        }

        if (index == current.Length)
        {
            if (ParentsHold(expected, actual, current))
            {
                found.Add((ActualSpan[])current.Clone());
            }

            return;
        }

        foreach (var span in fits[index].Where(s => Array.IndexOf(current, s, 0, index) < 0))
        {
            current[index] = span;
            Assign(expected, actual, fits, current, index + 1, found);
        }
    }

    private static bool ParentsHold(ExpectedSegment expected, ActualSegment actual, ActualSpan[] assigned)
    {
        var ids = actual.Spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < assigned.Length; i++)
        {
            var parent = expected.Spans[i].Parent;
            if (parent is null)
            {
                continue;
            }

            var holds = parent == "none"
                ? !ids.Contains(assigned[i].ParentSpanId)
                : expected.Spans.Select((s, j) => (s, j)).Any(x => x.s.Name == parent && assigned[x.j].SpanId == assigned[i].ParentSpanId);
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static void DescribeMiss(StringBuilder report, ExpectedSegment expected, IReadOnlyList<ActualSegment> segments)
    {
        report.Append($"\nExpected segment {expected.Label} with {expected.Spans.Count} span(s):\n");
        var closest = segments
            .Select(a => (Segment: a, Score: Score(expected, a)))
            .OrderByDescending(x => x.Score)
            .FirstOrDefault();
        if (closest.Segment is null)
        {
            report.Append("  nothing was collected at all.\n");
            return;
        }

        var actual = closest.Segment;
        report.Append("  closest actual segment: ").Append(actual.Describe(string.Empty).TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
        if (!ValueMatcher.Parse(expected.Service).Matches(actual.Service))
        {
            report.Append($"  service: expected \"{expected.Service}\", actual \"{actual.Service}\"\n");
        }

        if (actual.Spans.Count != expected.Spans.Count && !(expected.AllowExtraSpans && actual.Spans.Count > expected.Spans.Count))
        {
            report.Append($"  span count: expected {expected.Spans.Count}{(expected.AllowExtraSpans ? " or more" : string.Empty)}, actual {actual.Spans.Count}\n");
        }

        var allFit = true;
        foreach (var span in expected.Spans)
        {
            var best = actual.Spans.Select(a => (Span: a, Differences: SpanComparison.Differences(span, a))).OrderBy(x => x.Differences.Count).First();
            if (best.Differences.Count == 0)
            {
                continue;
            }

            allFit = false;
            report.Append($"  expected span {span.Label}{(span.Parent is null ? string.Empty : $" under '{span.Parent}'")}\n")
                .Append($"    closest actual span: {best.Span}\n");
            foreach (var difference in best.Differences)
            {
                report.Append("      ").Append(difference).Append('\n');
            }
        }

        if (allFit)
        {
            report.Append("  every expected span has a matching actual span, so the parent structure (or span count) is what differs.\n");
        }
    }

    private static int Score(ExpectedSegment expected, ActualSegment actual)
    {
        var score = ValueMatcher.Parse(expected.Service).Matches(actual.Service) ? 1000 : 0;
        foreach (var span in expected.Spans)
        {
            score += actual.Spans.Max(a => SpanComparison.FieldCount(span) - SpanComparison.Differences(span, a).Count);
        }

        return score - Math.Abs(actual.Spans.Count - expected.Spans.Count);
    }

    private static StringBuilder AppendActual(StringBuilder report, IReadOnlyList<ActualSegment> segments)
    {
        report.Append("\nActual segments:\n");
        foreach (var segment in segments.Take(20))
        {
            report.Append(segment.Describe("  "));
        }

        if (segments.Count > 20)
        {
            report.Append($"  … and {segments.Count - 20} more\n");
        }

        return report;
    }

    private sealed record Match(ActualSegment Segment, ActualSpan[] Spans);
}
