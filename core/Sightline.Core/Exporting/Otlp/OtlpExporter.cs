using System.Diagnostics;
using System.Reflection;
using Sightline.Core.Buffering;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>
/// The OTLP storage plugin: spans go out over gRPC or HTTP/protobuf to any OTLP receiver (a collector,
/// Sightline.Storage, Jaeger v2). The request is written straight from the Activities by
/// <see cref="OtlpTraceSerializer"/>: the agent carries no OpenTelemetry SDK, whose exporter cost more per span and
/// whose construction took a large part of the agent's start-up.
/// </summary>
/// <remarks>
/// Results follow the OTLP specification: success on an accepted request; a retryable failure when the receiver is
/// unreachable, times out or answers "try later" (HTTP 429, 502, 503, 504; gRPC UNAVAILABLE, DEADLINE_EXCEEDED,
/// RESOURCE_EXHAUSTED, ABORTED); a permanent failure for anything else, which retrying could not fix.
/// </remarks>
public sealed class OtlpExporter : ISpanExporter, ISegmentIdWriter
{
    private readonly OtlpTraceSerializer _serializer;
    private readonly IOtlpSender _sender;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the exporter for <paramref name="settings"/>; nothing is sent until the first batch.</summary>
    public OtlpExporter(OtlpExporterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _serializer = new OtlpTraceSerializer(ResourceOf(settings));
        _sender = settings.Protocol == OtlpExporterSettings.HttpProtobufProtocol
            ? new OtlpHttpSender(settings.Endpoint, settings.Headers, settings.Timeout)
            : new OtlpGrpcSender(settings.Endpoint, settings.Headers, settings.Timeout);
    }

    /// <summary>The settings in use.</summary>
    public OtlpExporterSettings Settings { get; }

    /// <inheritdoc />
    public string Name => "otlp";

    /// <summary>The serializer writes each span's segment id from the segment object or the parent chain.</summary>
    bool ISegmentIdWriter.WritesSegmentIds => true;

    /// <inheritdoc />
    public async Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return ExportResult.Success;
        }

        // The sender thread hands over one batch at a time; the gate only keeps a second caller off the shared buffer.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _sender.SendAsync(_serializer.Serialize(batch), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _sender.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The resource: <c>service.name</c> (OTEL_SERVICE_NAME first, then OTEL_RESOURCE_ATTRIBUTES, then
    /// <c>unknown_service:</c> and the process name, as the OpenTelemetry SDKs do), <c>service.instance.id</c> when
    /// set, the telemetry SDK's name, language and version, then the other resource attributes.
    /// </summary>
    internal static List<KeyValuePair<string, object>> ResourceOf(OtlpExporterSettings settings)
    {
        var serviceName = settings.ServiceName
            ?? settings.ResourceAttributes.GetValueOrDefault("service.name")
            ?? "unknown_service:" + ProcessName();
        var resource = new List<KeyValuePair<string, object>> { new("service.name", serviceName) };
        var instance = settings.ServiceInstanceId ?? settings.ResourceAttributes.GetValueOrDefault("service.instance.id");
        if (instance is not null)
        {
            resource.Add(new("service.instance.id", instance));
        }

        resource.Add(new("telemetry.sdk.name", "sightline"));
        resource.Add(new("telemetry.sdk.language", "dotnet"));
        resource.Add(new("telemetry.sdk.version", typeof(OtlpExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0"));
        foreach (var (key, value) in settings.ResourceAttributes)
        {
            if (key is not ("service.name" or "service.instance.id" or "telemetry.sdk.name" or "telemetry.sdk.language" or "telemetry.sdk.version"))
            {
                resource.Add(new(key, value));
            }
        }

        return resource;
    }

    private static string ProcessName()
    {
        using var process = Process.GetCurrentProcess();
        return process.ProcessName;
    }
}
