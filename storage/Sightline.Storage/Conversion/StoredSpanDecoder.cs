using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using JaegerSpan = Jaeger.ApiV2.Span;

namespace Sightline.Storage.Conversion;

/// <summary>Reads a stored payload back in either API's shape, converting only when it was stored in the other one.</summary>
public static class StoredSpanDecoder
{
    public static JaegerSpan ToJaeger(StoredSpan span) => span.Format == SpanFormat.JaegerModel
        ? JaegerSpan.Parser.ParseFrom(span.Payload)
        : OtlpToJaegerConverter.Convert(ResourceSpans.Parser.ParseFrom(span.Payload));

    public static ResourceSpans ToOtlp(StoredSpan span) => span.Format == SpanFormat.Otlp
        ? ResourceSpans.Parser.ParseFrom(span.Payload)
        : JaegerToOtlpConverter.Convert(JaegerSpan.Parser.ParseFrom(span.Payload));
}
