using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using JaegerSpan = Jaeger.ApiV2.Span;

namespace Sightline.Storage.Conversion;

/// <summary>The searchable tags of a stored payload, the same ones its record factory derived when it was written.</summary>
public static class StoredSpanTags
{
    public static List<KeyValuePair<string, string>> Of(SpanFormat format, byte[] payload)
    {
        if (format == SpanFormat.JaegerModel)
        {
            return JaegerSpanRecordFactory.SearchTags(JaegerSpan.Parser.ParseFrom(payload));
        }

        var resourceSpans = ResourceSpans.Parser.ParseFrom(payload);
        var scopeSpans = resourceSpans.ScopeSpans[0];
        return OtlpSpanRecordFactory.SearchTags(resourceSpans, scopeSpans, scopeSpans.Spans[0]);
    }
}
