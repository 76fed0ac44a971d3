using Sightline.Core.Buffering;
using Sightline.Core.Configuration;

namespace Sightline.Core.Tests.Configuration;

public sealed class AgentOptionsLoaderTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("sightline-home-").FullName;
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var (options, problems) = Load();

        Assert.Empty(problems);
        Assert.True(options.Enabled);
        Assert.Equal(Path.Combine(_home, "plugins"), options.PluginsDirectory);
        Assert.Equal(Path.Combine(_home, "logs"), options.LogDirectory);
        Assert.Equal(["otlp"], options.Exporters);
        Assert.Equal(BufferPolicy.DropNewest, options.Buffer.Policy);
        Assert.Equal(300, options.Tracing.SpanLimitPerSegment);
        Assert.False(string.IsNullOrEmpty(options.Tracing.ServiceName));
    }

    [Fact]
    public void Environment_wins_over_the_file_and_the_file_over_defaults()
    {
        File.WriteAllText(Path.Combine(_home, "sightline.json"), """
            {
              // comments are allowed
              "service": { "name": "from-file", "resourceAttributes": { "deployment.environment": "prod, eu" } },
              "buffer": { "capacity": 64, "policy": "overwrite-oldest" },
              "tracing": { "ignorePaths": ["/health", "/metrics/**"] },
              "exporters": ["otlp", "jsonl"],
            }
            """);
        _environment["OTEL_SERVICE_NAME"] = "from-env";
        _environment["SIGHTLINE_BUFFER_CAPACITY"] = "128";

        var (options, problems) = Load();

        Assert.Empty(problems);
        Assert.Equal("from-env", options.Tracing.ServiceName);
        Assert.Equal(128, options.Buffer.ChannelCapacity);
        Assert.Equal(BufferPolicy.OverwriteOldest, options.Buffer.Policy);
        Assert.Equal(["/health", "/metrics/**"], options.Tracing.IgnoredPaths);
        Assert.Equal(["otlp", "jsonl"], options.Exporters);
        Assert.Equal("prod, eu", options.ResourceAttributes["deployment.environment"]);
    }

    [Fact]
    public void The_first_of_several_environment_variables_wins()
    {
        _environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317";
        _environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://traces:4317";

        Assert.Equal(new Uri("http://traces:4317"), Load().Options.OtlpEndpoint);
    }

    [Theory]
    [InlineData("SIGHTLINE_ENABLED", "maybe", "expected true or false")]
    [InlineData("SIGHTLINE_BUFFER_CAPACITY", "lots", "expected a whole number")]
    [InlineData("SIGHTLINE_BUFFER_CAPACITY", "1", "from 2 to")]
    [InlineData("SIGHTLINE_BUFFER_CAPACITY", "1,000", "expected a whole number")]
    [InlineData("SIGHTLINE_SAMPLE_RATIO", "1.5", "from 0 to 1")]
    [InlineData("SIGHTLINE_SAMPLE_RATIO", "NaN", "expected a number")]
    [InlineData("SIGHTLINE_BUFFER_POLICY", "drop-everything", "expected one of drop-newest, overwrite-oldest, block")]
    [InlineData("SIGHTLINE_EXPORTERS", "otlp,zipkin", "'zipkin' is not one of")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "absolute http")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "file:///etc/passwd", "absolute http")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "expected one of grpc, http/protobuf")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "novalue", "key=value")]
    [InlineData("SIGHTLINE_LOG_LEVEL", "verbose", "expected one of")]
    [InlineData("OTEL_PROPAGATORS", "b3", "'b3' is not one of")]
    public void An_invalid_value_is_reported_once_and_replaced_by_its_default(string variable, string value, string expected)
    {
        var (defaults, _) = Load();
        _environment[variable] = value;

        var (options, problems) = Load();

        var problem = Assert.Single(problems);
        Assert.Equal(variable, problem.Setting);
        Assert.Contains(expected, problem.Problem, StringComparison.Ordinal);
        Assert.StartsWith("using the default", problem.Consequence, StringComparison.Ordinal);
        Assert.Equal(defaults, options, OptionsComparer.Instance);
    }

    [Fact]
    public void A_corrupt_file_switches_the_agent_off_and_says_why()
    {
        File.WriteAllText(Path.Combine(_home, "sightline.json"), "{ \"buffer\": { \"capacity\": 64, ");
        _environment["SIGHTLINE_SPAN_LIMIT"] = "5";

        var (options, problems) = Load();

        var problem = Assert.Single(problems);
        Assert.Contains("cannot be read", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("agent stays off", problem.Consequence, StringComparison.Ordinal);
        Assert.True(problem.DisablesAgent);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void A_file_that_is_not_an_object_or_names_unknown_keys_is_reported()
    {
        var path = Path.Combine(_home, "custom.json");
        _environment["SIGHTLINE_CONFIG_FILE"] = path;
        File.WriteAllText(path, "[1, 2]");
        Assert.Contains("one JSON object", Assert.Single(Load().Problems).Problem, StringComparison.Ordinal);

        File.WriteAllText(path, """{ "buffer": { "capacty": 10 }, "tracing": { "spanLimitPerSegment": "x" } }""");
        var problems = Load().Problems;
        Assert.Contains(problems, p => p.Setting.EndsWith("buffer.capacty", StringComparison.Ordinal) && p.Problem == "no such setting");
        Assert.Contains(problems, p => p.Setting.EndsWith("tracing.spanLimitPerSegment", StringComparison.Ordinal) && p.Problem.Contains("whole number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_named_file_is_reported()
    {
        _environment["SIGHTLINE_CONFIG_FILE"] = Path.Combine(_home, "absent.json");

        Assert.Contains("cannot be read", Assert.Single(Load().Problems).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_print_as_one_line_that_names_the_setting_the_value_and_the_fallback()
    {
        _environment["SIGHTLINE_BUFFER_CAPACITY"] = "lots";

        var line = Assert.Single(Load().Problems).ToString();

        Assert.Equal("SIGHTLINE_BUFFER_CAPACITY='lots' is invalid: expected a whole number; using the default 2048.", line);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private (AgentOptions Options, IReadOnlyList<ConfigurationProblem> Problems) Load() =>
        AgentOptionsLoader.Load(v => _environment.GetValueOrDefault(v), _home);

    // Records holding collections compare by reference; compare the parts that matter by value.
    private sealed class OptionsComparer : IEqualityComparer<AgentOptions>
    {
        public static readonly OptionsComparer Instance = new();

        public bool Equals(AgentOptions? x, AgentOptions? y) =>
            x is not null && y is not null
            && x.Enabled == y.Enabled && x.LogLevel == y.LogLevel && x.OtlpEndpoint == y.OtlpEndpoint && x.OtlpProtocol == y.OtlpProtocol
            && x.Exporters.SequenceEqual(y.Exporters) && x.ResourceAttributes.Count == y.ResourceAttributes.Count
            && x.Buffer == y.Buffer && x.Tracing.Sampler == y.Tracing.Sampler && x.Tracing.SampleRatio == y.Tracing.SampleRatio && x.Tracing.Propagators.SequenceEqual(y.Tracing.Propagators);

        public int GetHashCode(AgentOptions obj) => 0;
    }
}
