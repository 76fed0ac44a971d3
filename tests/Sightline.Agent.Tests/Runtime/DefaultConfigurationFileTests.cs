using System.Text.RegularExpressions;
using Sightline.Agent.Tests.Support;
using Sightline.Core.Configuration;

namespace Sightline.Agent.Tests.Runtime;

/// <summary>
/// The sightline.json the agent ships beside its hook: it changes nothing (its keys are comments, which the start
/// skips cheaply), and the keys it shows are real keys at their real defaults, so uncommenting one changes nothing
/// until its value is changed.
/// </summary>
public sealed partial class DefaultConfigurationFileTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("sightline-default-config-").FullName;

    [Fact]
    public void The_shipped_file_sets_nothing()
    {
        var (shipped, problems) = AgentOptionsLoader.Load(NoEnvironment, AppPaths.AgentHome);

        Assert.Empty(problems);
        Assert.Equal(Settings(BuiltInDefaults()), Settings(shipped));
    }

    [Fact]
    public void Every_key_it_shows_is_known_and_shown_at_its_default()
    {
        var text = File.ReadAllText(Path.Combine(AppPaths.AgentHome, "sightline.json"));
        var uncommented = CommentedKey().Replace(text, "$1");
        Assert.NotEqual(text, uncommented);
        File.WriteAllText(Path.Combine(_home, "sightline.json"), uncommented);

        var (options, problems) = AgentOptionsLoader.Load(NoEnvironment, _home);

        Assert.Empty(problems);
        Assert.Equal(Settings(BuiltInDefaults()), Settings(options));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static string? NoEnvironment(string name) => null;

    private static AgentOptions BuiltInDefaults()
    {
        var empty = Directory.CreateTempSubdirectory("sightline-no-config-").FullName;
        try
        {
            return AgentOptionsLoader.Load(NoEnvironment, empty).Options;
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    // What the file could set (the folders default to places under the agent's home, which differs between the two).
    private static string Settings(AgentOptions o) => string.Join(
        "; ",
        $"enabled={o.Enabled}",
        $"log.level={o.LogLevel}",
        $"plugins={string.Join(',', o.Plugins.Excluded)}/{string.Join(',', o.Plugins.Included)}",
        $"exporters={string.Join(',', o.Exporters)}",
        $"otlp={o.OtlpEndpoint}/{o.OtlpProtocol}/{o.OtlpTimeout}/{o.OtlpHeaders.Count}",
        $"jaeger={o.JaegerEndpoint}",
        $"jsonl={o.JsonLinesPath}",
        $"tracing={o.Tracing.Sampler}/{o.Tracing.SampleRatio}/{o.Tracing.SamplesPerThreeSeconds}/{o.Tracing.KeepErrors}/{o.Tracing.SpanLimitPerSegment}",
        $"propagators={string.Join(',', o.Tracing.Propagators)}",
        $"buffer={o.Buffer.ChannelCount}/{o.Buffer.ChannelCapacity}/{o.Buffer.Policy}/{o.Buffer.MaxBatchSize}/{o.Buffer.BatchDelay}/{o.Buffer.ShutdownDeadline}",
        $"backlog={o.ExportRetry.MaxBacklogSpans}");

    // A line that is a commented-out key: "// "key": ..." becomes ""key": ...".
    [GeneratedRegex("""^(\s*)// (?="[A-Za-z])""", RegexOptions.Multiline)]
    private static partial Regex CommentedKey();
}
