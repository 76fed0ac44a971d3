namespace Sightline.Spi.Tracing;

/// <summary>Tag keys the tracer writes on every span, so exporters and plugins agree on them.</summary>
public static class SpanTags
{
    /// <summary>The segment id: one per trace per process, the same on every span of that segment.</summary>
    public const string SegmentId = "sightline.segment_id";

    /// <summary>The instrumented library (for example <c>AspNetCore</c>, <c>HttpClient</c>, <c>Npgsql</c>).</summary>
    public const string Component = "sightline.component";

    /// <summary>The <see cref="SpanLayer"/> name (for example <c>Http</c>).</summary>
    public const string Layer = "sightline.layer";

    /// <summary>The remote address of an Exit span, as <c>host:port</c>.</summary>
    public const string Peer = "sightline.peer";

    /// <summary>The OpenTelemetry semantic-convention key for the type of an error.</summary>
    public const string ErrorType = "error.type";
}
