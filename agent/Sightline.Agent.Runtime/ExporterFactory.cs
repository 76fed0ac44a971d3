using Sightline.Core.Configuration;
using Sightline.Core.Exporting.Jaeger;
using Sightline.Core.Exporting.JsonLines;
using Sightline.Core.Exporting.Otlp;
using Sightline.Core.Logging;
using Sightline.Spi.Exporting;

namespace Sightline.Agent.Runtime;

/// <summary>Creates the configured exporters, each on a background thread once started (see <see cref="DeferredExporter"/>).</summary>
internal static class ExporterFactory
{
    /// <summary>The exporters named by <see cref="AgentOptions.Exporters"/>; an unknown name is logged and left out.</summary>
    public static List<DeferredExporter> Create(AgentOptions options, AgentLog log)
    {
        var exporters = new List<DeferredExporter>();
        foreach (var name in options.Exporters.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Func<ISpanExporter>? create = name.ToLowerInvariant() switch
            {
                "otlp" => () => new OtlpExporter(OtlpSettings(options)),
                "jaeger" => () => new JaegerStorageExporter(JaegerSettings(options)),
                "jsonl" => () => options.JsonLinesPath == "-"
                    ? new JsonLinesExporter(Console.OpenStandardOutput(), ownsStream: false)
                    : JsonLinesExporter.ToFile(options.JsonLinesPath),
                _ => null,
            };
            if (create is null)
            {
                log.Error($"there is no exporter named '{name}'; it is left out");
                continue;
            }

            exporters.Add(new DeferredExporter(name.ToLowerInvariant(), create, log));
        }

        return exporters;
    }

    /// <summary>The OTLP settings, with the specification's endpoint rules applied.</summary>
    public static OtlpExporterSettings OtlpSettings(AgentOptions options)
    {
        var protocol = options.OtlpProtocol;
        var endpoint = options.OtlpEndpoint ?? OtlpExporterSettings.DefaultEndpoint(protocol);

        // A bare base URL (the usual OTEL_EXPORTER_OTLP_ENDPOINT) gets the traces path over HTTP, as the spec says.
        if (protocol == OtlpExporterSettings.HttpProtobufProtocol && endpoint.AbsolutePath is "/" or "")
        {
            endpoint = new Uri(endpoint, "v1/traces");
        }

        return new OtlpExporterSettings
        {
            Protocol = protocol,
            Endpoint = endpoint,
            Headers = options.OtlpHeaders,
            Timeout = options.OtlpTimeout,
            ServiceName = options.Tracing.ServiceName,
            ServiceInstanceId = options.Tracing.ServiceInstance,
            ResourceAttributes = options.ResourceAttributes,
        };
    }

    private static JaegerStorageExporterSettings JaegerSettings(AgentOptions options)
    {
        var tags = new Dictionary<string, string>(options.ResourceAttributes)
        {
            ["service.instance.id"] = options.Tracing.ServiceInstance,
            ["telemetry.sdk.name"] = "sightline",
        };
        return new JaegerStorageExporterSettings
        {
            Endpoint = options.JaegerEndpoint ?? new JaegerStorageExporterSettings().Endpoint,
            ServiceName = options.Tracing.ServiceName,
            ProcessTags = tags,
        };
    }
}
