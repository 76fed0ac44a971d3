namespace Sightline.Core.Exporting.Jaeger;

/// <summary>Where the Jaeger storage_v1 writer sends spans, and as which service.</summary>
public sealed record JaegerStorageExporterSettings
{
    /// <summary>The remote-storage server (Jaeger's <c>--grpc-storage.server</c>); 17271 is Jaeger's default port.</summary>
    public Uri Endpoint { get; init; } = new("http://localhost:17271");

    /// <summary>The <c>Process.service_name</c> every span carries.</summary>
    public string ServiceName { get; init; } = "unknown_service";

    /// <summary>Tags of the process (host, version…), sent with every span.</summary>
    public IReadOnlyDictionary<string, string> ProcessTags { get; init; } = new Dictionary<string, string>();

    /// <summary>Sent as the <c>bearer.token</c> metadata Jaeger's own client uses; null for none.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Sent as the <c>x-tenant</c> metadata when the server runs multi-tenant; null for none.</summary>
    public string? Tenant { get; init; }
}
