using System.Buffers.Binary;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Sightline.Storage.Conversion;

/// <summary>
/// Turns an OTLP export request into span records. Each span is stored as a ResourceSpans holding its resource, its
/// scope and itself, so it reads back exactly as sent. The whole request is validated before anything is stored.
/// </summary>
public static class OtlpSpanRecordFactory
{
    /// <summary>Jaeger's service name for a resource without <c>service.name</c>.</summary>
    public const string NoServiceName = "OTLPResourceNoServiceName";

    public static List<SpanRecord> Create(ExportTraceServiceRequest request)
    {
        var records = new List<SpanRecord>();
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var service = ServiceOf(resourceSpans);
            var payload = new OtlpPayloadWriter(resourceSpans);
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                payload.SetScope(scopeSpans);
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    records.Add(Create(resourceSpans, scopeSpans, scopeSpans.Spans[i], service, payload, (r, s, i)));
                }
            }
        }

        return records;
    }

    private static SpanRecord Create(ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span, string service, OtlpPayloadWriter payload, (int R, int S, int I) position)
    {
        // The span's path is only spelled out for an error message: formatting it for every span cost more than the checks.
        string Where() => $"resource_spans[{position.R}].scope_spans[{position.S}].spans[{position.I}]";
        if (span.TraceId.Length != 16)
        {
            throw new InvalidSpanException($"{Where()}.trace_id must be 16 bytes, got {span.TraceId.Length}");
        }

        var traceId = TraceId.FromBytes(span.TraceId.Span);
        if (traceId.IsEmpty)
        {
            throw new InvalidSpanException($"{Where()}.trace_id is all zeroes");
        }

        if (span.SpanId.Length != 8)
        {
            throw new InvalidSpanException($"{Where()}.span_id must be 8 bytes, got {span.SpanId.Length}");
        }

        if (span.ParentSpanId.Length is not (0 or 8))
        {
            throw new InvalidSpanException($"{Where()}.parent_span_id must be empty or 8 bytes, got {span.ParentSpanId.Length}");
        }

        var start = unchecked((long)span.StartTimeUnixNano);
        var end = unchecked((long)span.EndTimeUnixNano);
        if (start < 0)
        {
            throw new InvalidSpanException($"{Where()}.start_time_unix_nano is beyond the year 2262");
        }

        return new SpanRecord(
            traceId,
            BinaryPrimitives.ReadUInt64BigEndian(span.SpanId.Span),
            span.ParentSpanId.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(span.ParentSpanId.Span) : 0,
            service,
            span.Name,
            SpanKinds.Of(span.Kind),
            start,
            end > start ? end - start : 0,
            SpanFormat.Otlp,
            payload.Write(span),
            SearchTags(resourceSpans, scopeSpans, span));
    }

    private static string ServiceOf(ResourceSpans resourceSpans)
    {
        foreach (var attribute in resourceSpans.Resource?.Attributes ?? [])
        {
            if (attribute.Key == "service.name" && attribute.Value?.ValueCase == OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.StringValue)
            {
                return attribute.Value.StringValue;
            }
        }

        return NoServiceName;
    }

    /// <summary>
    /// Every place Jaeger searches for a tag (span, resource, scope, event and link attributes) plus the tags its
    /// translator derives (span.kind, error, otel.status_code, otel.scope.*), so UI searches such as error=true work.
    /// </summary>
    internal static List<KeyValuePair<string, string>> SearchTags(ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span)
    {
        var tags = new List<KeyValuePair<string, string>>(span.Attributes.Count + 8);
        AddAll(tags, span.Attributes);
        AddAll(tags, resourceSpans.Resource?.Attributes);
        AddAll(tags, scopeSpans.Scope?.Attributes);
        foreach (var spanEvent in span.Events)
        {
            AddAll(tags, spanEvent.Attributes);
            if (!string.IsNullOrEmpty(spanEvent.Name))
            {
                tags.Add(new("event", spanEvent.Name));
            }
        }

        foreach (var link in span.Links)
        {
            AddAll(tags, link.Attributes);
        }

        var kind = SpanKinds.Of(span.Kind);
        if (kind.Length > 0)
        {
            tags.Add(new("span.kind", kind));
        }

        if (span.Status?.Code == Status.Types.StatusCode.Error)
        {
            tags.Add(new("error", "true"));
            tags.Add(new("otel.status_code", "ERROR"));
        }
        else if (span.Status?.Code == Status.Types.StatusCode.Ok)
        {
            tags.Add(new("otel.status_code", "OK"));
        }

        if (!string.IsNullOrEmpty(scopeSpans.Scope?.Name))
        {
            tags.Add(new("otel.scope.name", scopeSpans.Scope.Name));
        }

        if (!string.IsNullOrEmpty(scopeSpans.Scope?.Version))
        {
            tags.Add(new("otel.scope.version", scopeSpans.Scope.Version));
        }

        return tags;
    }

    private static void AddAll(List<KeyValuePair<string, string>> tags, IEnumerable<OpenTelemetry.Proto.Common.V1.KeyValue>? attributes)
    {
        foreach (var attribute in attributes ?? [])
        {
            if (AttributeText.Of(attribute.Value) is { } text)
            {
                tags.Add(new(attribute.Key, text));
            }
        }
    }
}
