using System.Globalization;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;
using OtlpStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace Sightline.Scenarios.Collecting;

/// <summary>Flattens an OTLP export request into <see cref="ActualSpan"/>s.</summary>
internal static class OtlpConversion
{
    public static IEnumerable<ActualSpan> Spans(ExportTraceServiceRequest request)
    {
        foreach (var resource in request.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? Text(name.Value) : "unknown_service";
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    yield return new ActualSpan
                    {
                        Service = service,
                        TraceId = Hex(span.TraceId),
                        SpanId = Hex(span.SpanId),
                        ParentSpanId = Hex(span.ParentSpanId),
                        Name = span.Name,
                        Kind = Kind(span.Kind),
                        IsError = span.Status?.Code == OtlpStatus.Types.StatusCode.Error,
                        Tags = span.Attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.Last().Value), StringComparer.Ordinal),
                        Events = span.Events.Select(e => e.Name).ToList(),
                        StartNanos = span.StartTimeUnixNano,
                        EndNanos = span.EndTimeUnixNano,
                    };
                }
            }
        }
    }

    private static string Kind(OtlpSpan.Types.SpanKind kind) => kind switch
    {
        OtlpSpan.Types.SpanKind.Server => "Server",
        OtlpSpan.Types.SpanKind.Client => "Client",
        OtlpSpan.Types.SpanKind.Internal => "Internal",
        OtlpSpan.Types.SpanKind.Producer => "Producer",
        OtlpSpan.Types.SpanKind.Consumer => "Consumer",
        _ => "Unspecified",
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.ArrayValue => string.Join(",", value.ArrayValue.Values.Select(Text)),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => string.Empty,
    };
}
