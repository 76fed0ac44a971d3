namespace Sightline.Core.Configuration;

/// <summary>
/// Settings of the tracer (SkyWalking's <c>agent.*</c> tracing keys). The agent bootstrap fills this from
/// <c>SIGHTLINE_*</c> variables; the defaults are the ones a fresh install runs with.
/// </summary>
public sealed record TracingOptions
{
    /// <summary>The service name written into <c>sw8</c> headers.</summary>
    public string ServiceName { get; init; } = "unknown_service";

    /// <summary>The service instance name written into <c>sw8</c> headers.</summary>
    public string ServiceInstance { get; init; } = Environment.MachineName;

    /// <summary>
    /// Propagation formats, in extract order: <c>tracecontext</c> (W3C <c>traceparent</c>/<c>tracestate</c>),
    /// <c>baggage</c> (W3C), <c>sw8</c> (SkyWalking <c>sw8</c> and <c>sw8-correlation</c>). Inject writes all of them.
    /// </summary>
    public IReadOnlyList<string> Propagators { get; init; } = ["tracecontext", "baggage"];

    /// <summary>Head sampling of new traces: <see cref="TraceSamplerKind.AlwaysOn"/>, a ratio, or N per 3 seconds.</summary>
    public TraceSamplerKind Sampler { get; init; } = TraceSamplerKind.AlwaysOn;

    /// <summary>For <see cref="TraceSamplerKind.Ratio"/>: the fraction of new traces kept, 0 to 1.</summary>
    public double SampleRatio { get; init; } = 1.0;

    /// <summary>For <see cref="TraceSamplerKind.PerThreeSeconds"/>: new traces kept per 3-second window (SkyWalking's <c>sample_n_per_3_secs</c>).</summary>
    public int SamplesPerThreeSeconds { get; init; } = 100;

    /// <summary>
    /// Keep every segment that ends with an error even when its trace was not sampled. Unsampled segments are
    /// then recorded in memory until they end, which costs a full span per call.
    /// </summary>
    public bool KeepErrors { get; init; }

    /// <summary>Spans per segment; past it spans are counted, not created (SkyWalking's <c>span_limit_per_segment</c>).</summary>
    public int SpanLimitPerSegment { get; init; } = 300;

    /// <summary>Operation names are cut to this length (SkyWalking's <c>operation_name_threshold</c>).</summary>
    public int OperationNameMaxLength { get; init; } = 150;

    /// <summary>Entry spans whose operation name ends with one of these are not traced (SkyWalking's <c>ignore_suffix</c>).</summary>
    public IReadOnlyList<string> IgnoredSuffixes { get; init; } =
        [".jpg", ".jpeg", ".js", ".css", ".png", ".bmp", ".gif", ".ico", ".mp3", ".mp4", ".html", ".svg"];

    /// <summary>
    /// Ant-style path patterns (<c>/health</c>, <c>/static/**</c>, <c>/api/*/ping</c>, <c>?</c>) of Entry spans that are not
    /// traced (SkyWalking's <c>trace.ignore_path</c>). Matched against the path part of the operation name.
    /// </summary>
    public IReadOnlyList<string> IgnoredPaths { get; init; } = [];

    /// <summary>
    /// ActivitySources whose server and client Activities the tracer adopts as its Entry and Exit spans instead
    /// of opening duplicates (the framework's own request Activities).
    /// </summary>
    public IReadOnlyList<string> AdoptedSources { get; init; } = ["Microsoft.AspNetCore", "System.Net.Http"];
}
