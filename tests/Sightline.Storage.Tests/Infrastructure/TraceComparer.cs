using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;

namespace Sightline.Storage.Tests.Infrastructure;

/// <summary>
/// Compares traces the way Jaeger's CompareTraces does, minus its de-duplication: every span with its resource
/// and scope, in any order, byte for byte.
/// </summary>
public static class TraceComparer
{
    /// <summary>Each span as a ResourceSpans holding only it, keyed by trace id.</summary>
    public static Dictionary<TraceId, List<string>> OtlpSpansByTrace(IEnumerable<ResourceSpans> resourceSpans)
    {
        var traces = new Dictionary<TraceId, List<string>>();
        foreach (var rs in resourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    var single = new ResourceSpans { Resource = rs.Resource, SchemaUrl = rs.SchemaUrl };
                    single.ScopeSpans.Add(new ScopeSpans { Scope = ss.Scope, SchemaUrl = ss.SchemaUrl, Spans = { span } });
                    var id = TraceId.FromBytes(span.TraceId.Span);
                    if (!traces.TryGetValue(id, out var list))
                    {
                        traces[id] = list = [];
                    }

                    list.Add(single.ToByteString().ToBase64());
                }
            }
        }

        foreach (var list in traces.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return traces;
    }

    public static Dictionary<TraceId, List<string>> ModelSpansByTrace(IEnumerable<Jaeger.ApiV2.Span> spans)
    {
        var traces = new Dictionary<TraceId, List<string>>();
        foreach (var span in spans)
        {
            var id = TraceId.FromBytes(span.TraceId.Span);
            if (!traces.TryGetValue(id, out var list))
            {
                traces[id] = list = [];
            }

            list.Add(span.ToByteString().ToBase64());
        }

        foreach (var list in traces.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return traces;
    }

    /// <summary>Null when equal, else what differs.</summary>
    public static string? Difference(Dictionary<TraceId, List<string>> expected, Dictionary<TraceId, List<string>> actual)
    {
        var expectedIds = expected.Keys.OrderBy(k => k.ToHex()).ToList();
        var actualIds = actual.Keys.OrderBy(k => k.ToHex()).ToList();
        if (!expectedIds.SequenceEqual(actualIds))
        {
            return $"trace ids [{string.Join(",", expectedIds)}] expected, got [{string.Join(",", actualIds)}]";
        }

        foreach (var id in expectedIds)
        {
            if (!expected[id].SequenceEqual(actual[id]))
            {
                return $"trace {id}: {expected[id].Count} spans expected, got {actual[id].Count}, or their content differs";
            }
        }

        return null;
    }
}
