using Sightline.Core.Buffering;
using Sightline.Core.Exporting;
using Sightline.Core.Plugins;

namespace Sightline.Core.Configuration;

/// <summary>The agent's whole configuration, one options record per area, after defaults and validation.</summary>
public sealed record AgentOptions
{
    /// <summary>False when the agent is switched off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The folder holding Sightline.Agent.dll, from which relative defaults are taken.</summary>
    public string AgentHome { get; init; } = AppContext.BaseDirectory;

    /// <summary>The agent log's folder.</summary>
    public string LogDirectory { get; init; } = Path.GetTempPath();

    /// <summary>The least severe level the agent log writes.</summary>
    public AgentLogLevel LogLevel { get; init; } = AgentLogLevel.Information;

    /// <summary>The plugins folder.</summary>
    public string PluginsDirectory { get; init; } = "plugins";

    /// <summary>Which plugins run.</summary>
    public PluginOptions Plugins { get; init; } = PluginOptions.Default;

    /// <summary>Extra resource attributes.</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Exporter names: otlp, jaeger, jsonl.</summary>
    public IReadOnlyList<string> Exporters { get; init; } = ["otlp"];

    /// <summary>The OTLP endpoint, or null for the protocol's default.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>grpc or http/protobuf.</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    /// <summary>Headers sent with every OTLP export.</summary>
    public IReadOnlyDictionary<string, string> OtlpHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>How long one OTLP export may take.</summary>
    public TimeSpan OtlpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Jaeger remote-storage server, or null for its default.</summary>
    public Uri? JaegerEndpoint { get; init; }

    /// <summary>Where the jsonl exporter writes; - for standard output.</summary>
    public string JsonLinesPath { get; init; } = "-";

    /// <summary>Tracer settings.</summary>
    public TracingOptions Tracing { get; init; } = new();

    /// <summary>Span buffer settings.</summary>
    public SpanBufferOptions Buffer { get; init; } = new();

    /// <summary>Exporter retry settings.</summary>
    public ExportRetryOptions ExportRetry { get; init; } = new();
}
