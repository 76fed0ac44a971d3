using Google.Protobuf;
using Jaeger.Storage.V2;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;

namespace Sightline.Storage.Grpc;

/// <summary>
/// A storage v2 <c>TraceSummary</c> of a stored trace: the root is the earliest span without a parent (else the
/// earliest span), errors are spans with status ERROR (or Jaeger's error=true), orphans are spans whose parent id
/// is not among the trace's spans, services are listed by name.
/// </summary>
public static class TraceSummaryBuilder
{
    public static TraceSummary Build(TraceId traceId, IReadOnlyList<StoredSpan> stored)
    {
        var spans = new List<(string Service, Span Span)>(stored.Count);
        foreach (var resourceSpans in stored.Select(StoredSpanDecoder.ToOtlp))
        {
            var service = ServiceOf(resourceSpans);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                spans.Add((service, span));
            }
        }

        var spanIds = spans.Select(s => s.Span.SpanId).ToHashSet();
        var root = spans.Where(s => s.Span.ParentSpanId.IsEmpty).DefaultIfEmpty().MinBy(s => s.Span?.StartTimeUnixNano ?? ulong.MaxValue);
        if (root.Span is null)
        {
            root = spans.MinBy(s => s.Span.StartTimeUnixNano);
        }

        var summary = new TraceSummary
        {
            TraceId = ByteString.CopyFrom(traceId.ToBytes()),
            RootServiceName = root.Service ?? string.Empty,
            RootOperationName = root.Span?.Name ?? string.Empty,
            MinStartTimeUnixNano = spans.Count == 0 ? 0 : spans.Min(s => s.Span.StartTimeUnixNano),
            MaxEndTimeUnixNano = spans.Count == 0 ? 0 : spans.Max(s => Math.Max(s.Span.EndTimeUnixNano, s.Span.StartTimeUnixNano)),
            SpanCount = spans.Count,
            ErrorSpanCount = spans.Count(s => IsError(s.Span)),
            OrphanSpanCount = spans.Count(s => !s.Span.ParentSpanId.IsEmpty && !spanIds.Contains(s.Span.ParentSpanId)),
        };
        summary.Services.Add(spans
            .GroupBy(s => s.Service, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ServiceSummary { Name = g.Key, SpanCount = g.Count(), ErrorSpanCount = g.Count(s => IsError(s.Span)) }));
        return summary;
    }

    private static bool IsError(Span span) =>
        span.Status?.Code == Status.Types.StatusCode.Error
        || span.Attributes.Any(a => a.Key == "error" && AttributeText.Of(a.Value) == "true");

    private static string ServiceOf(ResourceSpans resourceSpans) =>
        resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue is { Length: > 0 } name
            ? name
            : OtlpSpanRecordFactory.NoServiceName;
}
