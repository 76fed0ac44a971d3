using Google.Protobuf;
using Jaeger.ApiV2;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using JaegerSpan = Jaeger.ApiV2.Span;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Sightline.Storage.Conversion;

/// <summary>Jaeger model to OTLP, the reverse of <see cref="OtlpToJaegerConverter"/>, for the storage v2 readers.</summary>
public static class JaegerToOtlpConverter
{
    public static ResourceSpans Convert(JaegerSpan span)
    {
        var resource = new Resource();
        resource.Attributes.Add(new OpenTelemetry.Proto.Common.V1.KeyValue { Key = "service.name", Value = new AnyValue { StringValue = span.Process?.ServiceName ?? string.Empty } });
        foreach (var tag in span.Process?.Tags ?? [])
        {
            resource.Attributes.Add(AttributeText.ToOtlp(tag));
        }

        var scope = new InstrumentationScope();
        var result = new OtlpSpan
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            Name = span.OperationName,
            Flags = span.Flags,
            StartTimeUnixNano = (ulong)Math.Max(0, TimeUnits.ToNanos(span.StartTime)),
        };
        result.EndTimeUnixNano = result.StartTimeUnixNano + (ulong)Math.Max(0, TimeUnits.ToNanos(span.Duration));
        var parentTaken = false;
        foreach (var reference in span.References)
        {
            if (!parentTaken && reference.RefType == SpanRefType.ChildOf && reference.TraceId.Equals(span.TraceId))
            {
                result.ParentSpanId = reference.SpanId;
                parentTaken = true;
                continue;
            }

            var link = new OtlpSpan.Types.Link { TraceId = reference.TraceId, SpanId = reference.SpanId };
            link.Attributes.Add(new OpenTelemetry.Proto.Common.V1.KeyValue
            {
                Key = "opentracing.ref_type",
                Value = new AnyValue { StringValue = reference.RefType == SpanRefType.ChildOf ? "child_of" : "follows_from" },
            });
            result.Links.Add(link);
        }

        foreach (var tag in span.Tags)
        {
            if (!ApplySpecialTag(tag, result, scope))
            {
                result.Attributes.Add(AttributeText.ToOtlp(tag));
            }
        }

        foreach (var log in span.Logs)
        {
            var spanEvent = new OtlpSpan.Types.Event { TimeUnixNano = (ulong)Math.Max(0, TimeUnits.ToNanos(log.Timestamp)) };
            foreach (var field in log.Fields)
            {
                if (field.Key == "event" && field.VType == Jaeger.ApiV2.ValueType.String && spanEvent.Name.Length == 0)
                {
                    spanEvent.Name = field.VStr;
                }
                else
                {
                    spanEvent.Attributes.Add(AttributeText.ToOtlp(field));
                }
            }

            result.Events.Add(spanEvent);
        }

        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(new ScopeSpans { Scope = scope, Spans = { result } });
        return resourceSpans;
    }

    private static bool ApplySpecialTag(Jaeger.ApiV2.KeyValue tag, OtlpSpan span, InstrumentationScope scope)
    {
        switch (tag.Key)
        {
            case "span.kind" when tag.VType == Jaeger.ApiV2.ValueType.String:
                span.Kind = SpanKinds.Parse(tag.VStr);
                return span.Kind != OtlpSpan.Types.SpanKind.Unspecified;
            case "otel.scope.name" when tag.VType == Jaeger.ApiV2.ValueType.String:
                scope.Name = tag.VStr;
                return true;
            case "otel.scope.version" when tag.VType == Jaeger.ApiV2.ValueType.String:
                scope.Version = tag.VStr;
                return true;
            case "otel.status_code" when tag.VType == Jaeger.ApiV2.ValueType.String:
                span.Status ??= new Status();
                span.Status.Code = tag.VStr == "ERROR" ? Status.Types.StatusCode.Error : tag.VStr == "OK" ? Status.Types.StatusCode.Ok : span.Status.Code;
                return true;
            case "otel.status_description" when tag.VType == Jaeger.ApiV2.ValueType.String:
                span.Status ??= new Status();
                span.Status.Message = tag.VStr;
                return true;
            case "w3c.tracestate" when tag.VType == Jaeger.ApiV2.ValueType.String:
                span.TraceState = tag.VStr;
                return true;
            default:
                return false;
        }
    }

}
