using Google.Protobuf;
using Jaeger.ApiV2;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using JaegerSpan = Jaeger.ApiV2.Span;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Sightline.Storage.Conversion;

/// <summary>
/// OTLP to Jaeger model, following Jaeger's translator: resource → process, scope → otel.scope.* tags, kind →
/// span.kind, status → otel.status_code / error, parent → first CHILD_OF reference, links → references, events → logs.
/// </summary>
public static class OtlpToJaegerConverter
{
    public static JaegerSpan Convert(ResourceSpans resourceSpans)
    {
        var scopeSpans = resourceSpans.ScopeSpans[0];
        var span = scopeSpans.Spans[0];
        var result = new JaegerSpan
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            OperationName = span.Name,
            Flags = span.Flags & 0xFF,
            StartTime = TimeUnits.ToTimestamp(unchecked((long)span.StartTimeUnixNano)),
            Duration = TimeUnits.ToDuration(Math.Max(0, unchecked((long)(span.EndTimeUnixNano - span.StartTimeUnixNano)))),
            Process = ProcessOf(resourceSpans),
        };

        if (span.ParentSpanId.Length == 8 && span.ParentSpanId.Span.IndexOfAnyExcept((byte)0) >= 0)
        {
            result.References.Add(new SpanRef { TraceId = span.TraceId, SpanId = span.ParentSpanId, RefType = SpanRefType.ChildOf });
        }

        foreach (var link in span.Links)
        {
            var childOf = link.Attributes.Any(a => a.Key == "opentracing.ref_type" && a.Value?.StringValue == "child_of");
            result.References.Add(new SpanRef { TraceId = link.TraceId, SpanId = link.SpanId, RefType = childOf ? SpanRefType.ChildOf : SpanRefType.FollowsFrom });
        }

        foreach (var attribute in span.Attributes)
        {
            result.Tags.Add(AttributeText.ToJaeger(attribute.Key, attribute.Value));
        }

        AddDerivedTags(result, scopeSpans, span);
        foreach (var spanEvent in span.Events)
        {
            var log = new Log { Timestamp = TimeUnits.ToTimestamp(unchecked((long)spanEvent.TimeUnixNano)) };
            if (!string.IsNullOrEmpty(spanEvent.Name) && spanEvent.Attributes.All(a => a.Key != "event"))
            {
                log.Fields.Add(new Jaeger.ApiV2.KeyValue { Key = "event", VStr = spanEvent.Name });
            }

            foreach (var attribute in spanEvent.Attributes)
            {
                log.Fields.Add(AttributeText.ToJaeger(attribute.Key, attribute.Value));
            }

            result.Logs.Add(log);
        }

        return result;
    }

    private static void AddDerivedTags(JaegerSpan result, ScopeSpans scopeSpans, OtlpSpan span)
    {
        if (!string.IsNullOrEmpty(scopeSpans.Scope?.Name))
        {
            result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "otel.scope.name", VStr = scopeSpans.Scope.Name });
        }

        if (!string.IsNullOrEmpty(scopeSpans.Scope?.Version))
        {
            result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "otel.scope.version", VStr = scopeSpans.Scope.Version });
        }

        var kind = SpanKinds.Of(span.Kind);
        if (kind.Length > 0)
        {
            result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "span.kind", VStr = kind });
        }

        switch (span.Status?.Code)
        {
            case Status.Types.StatusCode.Error:
                result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "otel.status_code", VStr = "ERROR" });
                result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "error", VType = Jaeger.ApiV2.ValueType.Bool, VBool = true });
                break;
            case Status.Types.StatusCode.Ok:
                result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "otel.status_code", VStr = "OK" });
                break;
        }

        if (!string.IsNullOrEmpty(span.Status?.Message))
        {
            result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "otel.status_description", VStr = span.Status.Message });
        }

        if (!string.IsNullOrEmpty(span.TraceState))
        {
            result.Tags.Add(new Jaeger.ApiV2.KeyValue { Key = "w3c.tracestate", VStr = span.TraceState });
        }
    }

    private static Process ProcessOf(ResourceSpans resourceSpans)
    {
        var process = new Process { ServiceName = OtlpSpanRecordFactory.NoServiceName };
        foreach (var attribute in resourceSpans.Resource?.Attributes ?? [])
        {
            if (attribute.Key == "service.name" && attribute.Value?.ValueCase == OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.StringValue)
            {
                process.ServiceName = attribute.Value.StringValue;
            }
            else
            {
                process.Tags.Add(AttributeText.ToJaeger(attribute.Key, attribute.Value));
            }
        }

        return process;
    }

}
