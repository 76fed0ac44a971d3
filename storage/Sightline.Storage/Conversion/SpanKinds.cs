using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Sightline.Storage.Conversion;

/// <summary>Jaeger's lowercase span-kind names (the <c>span.kind</c> tag) and the OTLP enum.</summary>
public static class SpanKinds
{
    public static string Of(OtlpSpan.Types.SpanKind kind) => kind switch
    {
        OtlpSpan.Types.SpanKind.Internal => "internal",
        OtlpSpan.Types.SpanKind.Server => "server",
        OtlpSpan.Types.SpanKind.Client => "client",
        OtlpSpan.Types.SpanKind.Producer => "producer",
        OtlpSpan.Types.SpanKind.Consumer => "consumer",
        _ => string.Empty,
    };

    public static OtlpSpan.Types.SpanKind Parse(string? kind) => kind switch
    {
        "internal" => OtlpSpan.Types.SpanKind.Internal,
        "server" => OtlpSpan.Types.SpanKind.Server,
        "client" => OtlpSpan.Types.SpanKind.Client,
        "producer" => OtlpSpan.Types.SpanKind.Producer,
        "consumer" => OtlpSpan.Types.SpanKind.Consumer,
        _ => OtlpSpan.Types.SpanKind.Unspecified,
    };
}
