namespace Sightline.Storage.Hosting;

/// <summary>
/// Every setting of the storage server, with its default. Read from the command line (<c>--Backend postgres</c>),
/// then environment variables prefixed <c>SIGHTLINE_STORAGE_</c> (<c>SIGHTLINE_STORAGE_BACKEND=postgres</c>).
/// docs/storage.md lists the same keys.
/// </summary>
public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Backend { get; set; } = "sqlite";

    /// <summary>The SQLite file; created with its folder when missing.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "sightline-traces.db");

    /// <summary>Npgsql connection string, for the postgres backend.</summary>
    public string PostgresConnectionString { get; set; } = "Host=127.0.0.1;Username=postgres;Database=postgres";

    /// <summary>Address every port binds to: loopback unless told otherwise.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Jaeger-compatible HTTP query API (and the web UI).</summary>
    public int QueryPort { get; set; } = 16686;

    /// <summary>OTLP over gRPC.</summary>
    public int OtlpGrpcPort { get; set; } = 4317;

    /// <summary>OTLP over HTTP (<c>POST /v1/traces</c>, protobuf or JSON).</summary>
    public int OtlpHttpPort { get; set; } = 4318;

    /// <summary>Jaeger remote storage gRPC: storage_v1 and storage v2 services (and OTLP Export).</summary>
    public int GrpcPort { get; set; } = 17271;

    /// <summary>Spans older than this are purged in the background; 0 keeps everything.</summary>
    public double RetentionHours { get; set; } = 72;

    /// <summary>How often the retention purge runs.</summary>
    public double PurgeIntervalMinutes { get; set; } = 10;

    /// <summary>Largest accepted request body or gRPC message, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most traces one search returns, whatever the request asks for.</summary>
    public int MaxTracesPerQuery { get; set; } = 2000;

    /// <summary>When set, every read and write needs <c>Authorization: Bearer &lt;token&gt;</c> or gRPC metadata <c>bearer.token</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Enables <c>POST /purge</c> (wipes all data), for Jaeger's integration harness only.</summary>
    public bool EnablePurgeEndpoint { get; set; }
}
