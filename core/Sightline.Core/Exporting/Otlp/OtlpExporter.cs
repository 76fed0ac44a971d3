using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sightline.Spi.Exporting;
using SpiExportResult = Sightline.Spi.Exporting.ExportResult;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>
/// The OTLP storage plugin: spans go out through OpenTelemetry's own <see cref="OtlpTraceExporter"/>, over gRPC
/// or HTTP/protobuf, to any OTLP receiver (a collector, Sightline.Storage, Jaeger v2).
/// </summary>
public sealed class OtlpExporter : ISpanExporter
{
    private readonly OtlpTraceExporter _exporter;
    private readonly TracerProvider _provider;

    /// <summary>Creates the exporter for <paramref name="settings"/>.</summary>
    public OtlpExporter(OtlpExporterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        var options = new OtlpExporterOptions
        {
            Endpoint = settings.Endpoint,
            Protocol = settings.Protocol == OtlpExporterSettings.HttpProtobufProtocol ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
            Headers = settings.Headers,
            TimeoutMilliseconds = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds),
        };
        _exporter = new OtlpTraceExporter(options);

        // The OTLP exporter takes its resource (service.name and the rest) from the provider that owns it,
        // so it is given one: the provider listens to no source, it only carries the resource.
        var resource = ResourceBuilder.CreateDefault();
        if (settings.ServiceName is not null)
        {
            resource.AddService(settings.ServiceName, serviceInstanceId: settings.ServiceInstanceId, autoGenerateServiceInstanceId: false);
        }

        if (settings.ResourceAttributes.Count > 0)
        {
            resource.AddAttributes(settings.ResourceAttributes.Select(a => new KeyValuePair<string, object>(a.Key, a.Value)));
        }

        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddProcessor(new SimpleActivityExportProcessor(_exporter))
            .Build();
    }

    /// <summary>The settings in use.</summary>
    public OtlpExporterSettings Settings { get; }

    /// <inheritdoc />
    public string Name => "otlp";

    /// <inheritdoc />
    public Task<SpiExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        var items = batch as Activity[] ?? batch.ToArray();

        // OtlpTraceExporter.Export is synchronous and bounded by its own timeout; the caller is a dedicated sender thread.
        var result = _exporter.Export(new Batch<Activity>(items, items.Length));
        return Task.FromResult(result == OpenTelemetry.ExportResult.Success ? SpiExportResult.Success : SpiExportResult.RetryableFailure);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _provider.Dispose();
        return Task.CompletedTask;
    }
}
