using System.Diagnostics;
using System.Reflection;
using Sightline.Core.Plugins;

namespace Sightline.Core.Configuration;

/// <summary>Builds <see cref="AgentOptions"/> from the environment and the JSON file, reporting every problem.</summary>
public static class AgentOptionsLoader
{
    /// <summary>Loads the options; never throws for a bad setting (see <see cref="SettingsReader.Problems"/>).</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="agentHome">The folder holding Sightline.Agent.dll.</param>
    public static (AgentOptions Options, IReadOnlyList<ConfigurationProblem> Problems) Load(Func<string, string?> environment, string agentHome)
    {
        var reader = SettingsReader.Create(environment, Path.Combine(agentHome, "sightline.json"));
        var serviceName = reader.Get(AgentSettings.ServiceName);
        var instance = reader.Get(AgentSettings.ServiceInstance);
        var channels = reader.Get(AgentSettings.BufferChannels);
        var options = new AgentOptions
        {
            Enabled = reader.Get(AgentSettings.Enabled) && !reader.Problems.Any(p => p.DisablesAgent),
            AgentHome = agentHome,
            LogDirectory = OrDefault(reader.Get(AgentSettings.LogDirectory), Path.Combine(agentHome, "logs")),
            LogLevel = reader.Get(AgentSettings.LogLevel),
            PluginsDirectory = OrDefault(reader.Get(AgentSettings.PluginsDirectory), Path.Combine(agentHome, "plugins")),
            Plugins = new PluginOptions(
                reader.Get(AgentSettings.PluginsExclude).ToHashSet(StringComparer.OrdinalIgnoreCase),
                reader.Get(AgentSettings.PluginsInclude).ToHashSet(StringComparer.OrdinalIgnoreCase)),
            ResourceAttributes = reader.Get(AgentSettings.ResourceAttributes),
            Exporters = reader.Get(AgentSettings.Exporters),
            OtlpEndpoint = reader.Get(AgentSettings.OtlpEndpoint),
            OtlpProtocol = reader.Get(AgentSettings.OtlpProtocol),
            OtlpHeaders = reader.Get(AgentSettings.OtlpHeaders),
            OtlpTimeout = TimeSpan.FromMilliseconds(reader.Get(AgentSettings.OtlpTimeoutMs)),
            JaegerEndpoint = reader.Get(AgentSettings.JaegerEndpoint),
            JsonLinesPath = reader.Get(AgentSettings.JsonLinesPath),
            Tracing = new TracingOptions
            {
                ServiceName = OrDefault(serviceName, DefaultServiceName()),
                ServiceInstance = OrDefault(instance, $"{Environment.MachineName}:{Environment.ProcessId}"),
                Propagators = reader.Get(AgentSettings.Propagators),
                Sampler = reader.Get(AgentSettings.Sampler),
                SampleRatio = reader.Get(AgentSettings.SampleRatio),
                SamplesPerThreeSeconds = reader.Get(AgentSettings.SamplesPerThreeSeconds),
                KeepErrors = reader.Get(AgentSettings.KeepErrors),
                SpanLimitPerSegment = reader.Get(AgentSettings.SpanLimit),
                IgnoredSuffixes = reader.Get(AgentSettings.IgnoreSuffixes),
                IgnoredPaths = reader.Get(AgentSettings.IgnorePaths),
            },
            Buffer = new Buffering.SpanBufferOptions
            {
                ChannelCount = channels,
                ChannelCapacity = reader.Get(AgentSettings.BufferCapacity),
                Policy = reader.Get(AgentSettings.BufferPolicy),
                BlockTimeout = TimeSpan.FromMilliseconds(reader.Get(AgentSettings.BufferBlockTimeoutMs)),
                Partitioning = reader.Get(AgentSettings.BufferPartitioner),
                MaxBatchSize = reader.Get(AgentSettings.BatchSize),
                BatchDelay = TimeSpan.FromMilliseconds(reader.Get(AgentSettings.BatchDelayMs)),
                ShutdownDeadline = TimeSpan.FromMilliseconds(reader.Get(AgentSettings.ShutdownDeadlineMs)),
            },
            ExportRetry = new Exporting.ExportRetryOptions { MaxBacklogSpans = reader.Get(AgentSettings.ExportBacklog) },
        };

        return (options, reader.Problems);
    }

    // The service is named after the app, not after the host that runs it (dotnet, testhost).
    private static string DefaultServiceName()
    {
        var entry = Assembly.GetEntryAssembly()?.GetName().Name;
        return !string.IsNullOrEmpty(entry) ? entry : Process.GetCurrentProcess().ProcessName;
    }

    private static string OrDefault(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
