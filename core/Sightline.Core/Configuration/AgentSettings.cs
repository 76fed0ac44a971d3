using Sightline.Core.Buffering;
using static Sightline.Core.Configuration.SettingParsers;

namespace Sightline.Core.Configuration;

/// <summary>
/// Every setting of the agent. Precedence: an environment variable, then the JSON file, then the default.
/// An invalid value is reported in one log line and replaced by the default.
/// </summary>
public static class AgentSettings
{
    /// <summary>Switches the whole agent on or off.</summary>
    public static readonly Setting<bool> Enabled = New("enabled", ["SIGHTLINE_ENABLED"], true, "true",
        "Switches the agent on or off. When false the agent patches nothing and starts no thread.", Bool);

    /// <summary>The service name.</summary>
    public static readonly Setting<string> ServiceName = New("service.name", ["OTEL_SERVICE_NAME", "SIGHTLINE_SERVICE_NAME"], string.Empty, "the entry assembly's name",
        "The service name every span is reported under.", Text);

    /// <summary>The service instance id.</summary>
    public static readonly Setting<string> ServiceInstance = New("service.instance", ["SIGHTLINE_SERVICE_INSTANCE"], string.Empty, "host name and process id",
        "The instance id reported with the service (service.instance.id).", Text);

    /// <summary>Extra resource attributes.</summary>
    public static readonly Setting<IReadOnlyDictionary<string, string>> ResourceAttributes = New("service.resourceAttributes", ["OTEL_RESOURCE_ATTRIBUTES"],
        (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(), "none",
        "Extra resource attributes as key=value pairs separated by commas (percent-encoded values), as OpenTelemetry defines them.", KeyValues);

    /// <summary>The JSON configuration file.</summary>
    public static readonly Setting<string> ConfigFile = New("configFile", ["SIGHTLINE_CONFIG_FILE"], string.Empty, "sightline.json beside Sightline.Agent.dll, if present",
        "The JSON configuration file (read from the environment only).", Text);

    /// <summary>The agent's log folder.</summary>
    public static readonly Setting<string> LogDirectory = New("log.directory", ["SIGHTLINE_LOG_DIRECTORY"], string.Empty, "logs beside Sightline.Agent.dll, else the temp folder",
        "The folder of the agent's own log files (sightline-<process id>.log). Errors also go to standard error.", Text);

    /// <summary>The agent's log level.</summary>
    public static readonly Setting<AgentLogLevel> LogLevel = New("log.level", ["SIGHTLINE_LOG_LEVEL"], AgentLogLevel.Information, "info",
        "The least severe level written to the agent log: debug, info, warn, error or off.",
        OneOf(Named("debug", AgentLogLevel.Debug), Named("info", AgentLogLevel.Information), Named("information", AgentLogLevel.Information),
              Named("warn", AgentLogLevel.Warning), Named("warning", AgentLogLevel.Warning), Named("error", AgentLogLevel.Error), Named("off", AgentLogLevel.Off)));

    /// <summary>The plugins folder.</summary>
    public static readonly Setting<string> PluginsDirectory = New("plugins.directory", ["SIGHTLINE_PLUGINS_DIRECTORY"], string.Empty, "plugins beside Sightline.Agent.dll",
        "The folder whose assemblies are loaded as plugins.", Text);

    /// <summary>Plugins switched off.</summary>
    public static readonly Setting<IReadOnlyList<string>> PluginsExclude = New("plugins.exclude", ["SIGHTLINE_PLUGINS_EXCLUDE"], (IReadOnlyList<string>)[], "none",
        "Plugin ids to switch off, separated by commas (for example aspnetcore,sqlite).", List);

    /// <summary>Opt-in plugins switched on.</summary>
    public static readonly Setting<IReadOnlyList<string>> PluginsInclude = New("plugins.include", ["SIGHTLINE_PLUGINS_INCLUDE"], (IReadOnlyList<string>)[], "none",
        "Opt-in plugin ids to switch on, separated by commas.", List);

    /// <summary>Which exporters receive spans.</summary>
    public static readonly Setting<IReadOnlyList<string>> Exporters = New("exporters", ["SIGHTLINE_EXPORTERS"], (IReadOnlyList<string>)["otlp"], "otlp",
        "The exporters (storage plugins) that receive spans, separated by commas: otlp, jaeger, jsonl.", ListOf("otlp", "jaeger", "jsonl"));

    /// <summary>The OTLP endpoint.</summary>
    public static readonly Setting<Uri?> OtlpEndpoint = New<Uri?>("otlp.endpoint", ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"], null,
        "http://localhost:4317 (grpc), http://localhost:4318 (http/protobuf)", "The OTLP receiver's address.", AbsoluteUri);

    /// <summary>The OTLP protocol.</summary>
    public static readonly Setting<string> OtlpProtocol = New("otlp.protocol", ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", "grpc",
        "The OTLP protocol: grpc or http/protobuf.", OneOf(Named("grpc", "grpc"), Named("http/protobuf", "http/protobuf")));

    /// <summary>OTLP request headers.</summary>
    public static readonly Setting<IReadOnlyDictionary<string, string>> OtlpHeaders = New("otlp.headers", ["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"],
        (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(), "none",
        "Headers sent with every OTLP export, as key=value pairs separated by commas.", KeyValues);

    /// <summary>OTLP export timeout.</summary>
    public static readonly Setting<int> OtlpTimeoutMs = New("otlp.timeoutMs", ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"], 10_000, "10000",
        "How long one OTLP export may take, in milliseconds.", Int(1, 600_000));

    /// <summary>The Jaeger remote storage address.</summary>
    public static readonly Setting<Uri?> JaegerEndpoint = New<Uri?>("jaeger.endpoint", ["SIGHTLINE_JAEGER_ENDPOINT"], null, "http://localhost:17271",
        "The Jaeger remote-storage gRPC server (storage_v1 SpanWriterPlugin) that the jaeger exporter writes to.", AbsoluteUri);

    /// <summary>The JSON-lines output.</summary>
    public static readonly Setting<string> JsonLinesPath = New("jsonl.path", ["SIGHTLINE_JSONL_PATH"], "-", "- (standard output)",
        "Where the jsonl exporter writes one span per line: a file path, or - for standard output.", Text);

    /// <summary>Buffer channels.</summary>
    public static readonly Setting<int> BufferChannels = New("buffer.channels", ["SIGHTLINE_BUFFER_CHANNELS"], Environment.ProcessorCount, "the processor count",
        "How many channels (partitions) the span buffer has.", Int(1, 1024));

    /// <summary>Buffer channel capacity.</summary>
    public static readonly Setting<int> BufferCapacity = New("buffer.capacity", ["SIGHTLINE_BUFFER_CAPACITY"], 2048, "2048",
        "How many finished spans each channel holds.", Int(2, 1 << 24));

    /// <summary>What a full buffer does.</summary>
    public static readonly Setting<BufferPolicy> BufferPolicy = New("buffer.policy", ["SIGHTLINE_BUFFER_POLICY"], Buffering.BufferPolicy.DropNewest, "drop-newest",
        "What a full channel does with a new span: drop-newest, overwrite-oldest, or block (for at most buffer.blockTimeoutMs). Every drop is counted.",
        OneOf(Named("drop-newest", Buffering.BufferPolicy.DropNewest), Named("overwrite-oldest", Buffering.BufferPolicy.OverwriteOldest), Named("block", Buffering.BufferPolicy.Block)));

    /// <summary>How long the block policy waits.</summary>
    public static readonly Setting<int> BufferBlockTimeoutMs = New("buffer.blockTimeoutMs", ["SIGHTLINE_BUFFER_BLOCK_TIMEOUT_MS"], 50, "50",
        "With the block policy, how long a producer waits for room before the span is dropped, in milliseconds.", Int(0, 60_000));

    /// <summary>How spans are spread over channels.</summary>
    public static readonly Setting<PartitionStrategy> BufferPartitioner = New("buffer.partitioner", ["SIGHTLINE_BUFFER_PARTITIONER"], PartitionStrategy.ProducerThread, "thread",
        "How spans are spread over channels: thread (by producing thread) or round-robin.",
        OneOf(Named("thread", PartitionStrategy.ProducerThread), Named("round-robin", PartitionStrategy.RoundRobin)));

    /// <summary>Batch size.</summary>
    public static readonly Setting<int> BatchSize = New("buffer.batchSize", ["SIGHTLINE_BATCH_SIZE"], 512, "512",
        "The most spans handed to the exporters at once.", Int(1, 1 << 20));

    /// <summary>Batch delay.</summary>
    public static readonly Setting<int> BatchDelayMs = New("buffer.batchDelayMs", ["SIGHTLINE_BATCH_DELAY_MS"], 1000, "1000",
        "The longest a finished span waits before it is exported, in milliseconds.", Int(1, 600_000));

    /// <summary>Flush deadline at exit.</summary>
    public static readonly Setting<int> ShutdownDeadlineMs = New("buffer.shutdownDeadlineMs", ["SIGHTLINE_SHUTDOWN_DEADLINE_MS"], 5000, "5000",
        "How long the agent may take to flush its buffer when the process exits, in milliseconds.", Int(0, 600_000));

    /// <summary>Export backlog bound.</summary>
    public static readonly Setting<int> ExportBacklog = New("export.maxBacklogSpans", ["SIGHTLINE_EXPORT_MAX_BACKLOG"], 8192, "8192",
        "How many spans an exporter keeps for retry while its backend is down; past it the oldest are dropped and counted.", Int(1, 1 << 24));

    /// <summary>Propagation formats.</summary>
    public static readonly Setting<IReadOnlyList<string>> Propagators = New("tracing.propagators", ["OTEL_PROPAGATORS", "SIGHTLINE_PROPAGATORS"],
        (IReadOnlyList<string>)["tracecontext", "baggage"], "tracecontext,baggage",
        "Context propagation formats, separated by commas: tracecontext, baggage, sw8.", ListOf("tracecontext", "baggage", "sw8"));

    /// <summary>The sampler.</summary>
    public static readonly Setting<TraceSamplerKind> Sampler = New("tracing.sampler", ["SIGHTLINE_SAMPLER"], TraceSamplerKind.AlwaysOn, "always",
        "How new traces are sampled: always, ratio (tracing.sampleRatio) or per-3s (tracing.samplesPer3Seconds). An incoming sampled flag is always honoured.",
        OneOf(Named("always", TraceSamplerKind.AlwaysOn), Named("ratio", TraceSamplerKind.Ratio), Named("per-3s", TraceSamplerKind.PerThreeSeconds)));

    /// <summary>The sampling ratio.</summary>
    public static readonly Setting<double> SampleRatio = New("tracing.sampleRatio", ["SIGHTLINE_SAMPLE_RATIO"], 1.0, "1.0",
        "With the ratio sampler, the share of new traces kept, from 0 to 1.", Double(0, 1));

    /// <summary>Traces per three seconds.</summary>
    public static readonly Setting<int> SamplesPerThreeSeconds = New("tracing.samplesPer3Seconds", ["SIGHTLINE_SAMPLES_PER_3S"], 100, "100",
        "With the per-3s sampler, how many new traces are kept in each three-second window (SkyWalking's rule).", Int(1, 1_000_000));

    /// <summary>Keep error traces.</summary>
    public static readonly Setting<bool> KeepErrors = New("tracing.keepErrors", ["SIGHTLINE_KEEP_ERRORS"], false, "false",
        "Keeps every trace that ends in an error, even when the sampler dropped it.", Bool);

    /// <summary>Spans per segment.</summary>
    public static readonly Setting<int> SpanLimit = New("tracing.spanLimitPerSegment", ["SIGHTLINE_SPAN_LIMIT"], 300, "300",
        "The most spans one segment (one trace in one process) creates; further spans are counted, not created.", Int(1, 100_000));

    /// <summary>Ignored endpoint suffixes.</summary>
    public static readonly Setting<IReadOnlyList<string>> IgnoreSuffixes = New("tracing.ignoreSuffixes", ["SIGHTLINE_IGNORE_SUFFIXES"],
        (IReadOnlyList<string>)[".jpg", ".jpeg", ".js", ".css", ".png", ".bmp", ".gif", ".ico", ".mp3", ".mp4", ".html", ".svg"],
        ".jpg,.jpeg,.js,.css,.png,.bmp,.gif,.ico,.mp3,.mp4,.html,.svg", "Entry spans are not created for request paths ending in these suffixes.", List);

    /// <summary>Ignored path patterns.</summary>
    public static readonly Setting<IReadOnlyList<string>> IgnorePaths = New("tracing.ignorePaths", ["SIGHTLINE_IGNORE_PATHS"], (IReadOnlyList<string>)[], "none",
        "Entry spans are not created for request paths matching these patterns (* matches within a segment, ** across segments), for example /health,/metrics/**.", List);

    /// <summary>Every setting, in documentation order.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        Enabled, ServiceName, ServiceInstance, ResourceAttributes, ConfigFile, LogDirectory, LogLevel,
        PluginsDirectory, PluginsExclude, PluginsInclude,
        Exporters, OtlpEndpoint, OtlpProtocol, OtlpHeaders, OtlpTimeoutMs, JaegerEndpoint, JsonLinesPath,
        BufferChannels, BufferCapacity, BufferPolicy, BufferBlockTimeoutMs, BufferPartitioner, BatchSize, BatchDelayMs, ShutdownDeadlineMs, ExportBacklog,
        Propagators, Sampler, SampleRatio, SamplesPerThreeSeconds, KeepErrors, SpanLimit, IgnoreSuffixes, IgnorePaths,
    ];

    // Durations are Setting<int> in milliseconds, turned into TimeSpan by AgentOptionsLoader: a Setting<TimeSpan> is
    // generic code over a framework struct, JIT-compiled at start-up (ReadyToRun cannot hold it).
    private static Setting<T> New<T>(string key, string[] environment, T defaultValue, string defaultText, string description, Func<string, T> parse) =>
        new(key, environment, defaultValue, defaultText, description, parse);
}
