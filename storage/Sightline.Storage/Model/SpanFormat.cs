namespace Sightline.Storage.Model;

/// <summary>The encoding a span's payload was stored in: the form it arrived in, so it reads back unchanged.</summary>
public enum SpanFormat
{
    /// <summary>A <c>jaeger.api_v2.Span</c> with its process embedded.</summary>
    JaegerModel = 1,

    /// <summary>An OTLP <c>ResourceSpans</c> holding one scope and one span.</summary>
    Otlp = 2,
}
