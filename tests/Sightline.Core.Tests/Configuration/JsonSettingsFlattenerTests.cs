using System.Text;
using Sightline.Core.Buffering;
using Sightline.Core.Configuration;

namespace Sightline.Core.Tests.Configuration;

/// <summary>The configuration file, read token by token (JsonSettingsFlattener), as the settings see it.</summary>
public sealed class JsonSettingsFlattenerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-json-").FullName;

    [Fact]
    public void Sections_lists_dictionaries_and_scalars_become_settings()
    {
        var reader = Read("""
            // comments and trailing commas are allowed
            {
              "exporters": [ "otlp", "jaeger", ],
              "buffer": { "capacity": 1024, "policy": "block", "nested": { "deeper": true } },
              "otlp": { "headers": { "api-key": "a b,c", "x": 1 } },
              "tracing": { "sampleRatio": 2.5e-1, "keepErrors": false },
              "odd": [ { "a": 1 }, [ 2 ] ],
              "log": { "level": "warn" },
              "log": { "level": "debug" }, /* the last one wins */
            }
            """);

        Assert.Equal(["otlp", "jaeger"], reader.Get(AgentSettings.Exporters));
        Assert.Equal(1024, reader.Get(AgentSettings.BufferCapacity));
        Assert.Equal(BufferPolicy.Block, reader.Get(AgentSettings.BufferPolicy));
        Assert.Equal(new Dictionary<string, string> { ["api-key"] = "a b,c", ["x"] = "1" }, reader.Get(AgentSettings.OtlpHeaders));
        Assert.Equal(0.25, reader.Get(AgentSettings.SampleRatio));
        Assert.False(reader.Get(AgentSettings.KeepErrors));
        Assert.Equal(AgentLogLevel.Debug, reader.Get(AgentSettings.LogLevel));

        // Keys that are no setting are reported with the value read, nested objects and arrays as their JSON text.
        Assert.Contains(reader.Problems, p => p.ToString().Contains("buffer.nested.deeper", StringComparison.Ordinal) && p.ToString().Contains("true", StringComparison.Ordinal));
        Assert.Contains(reader.Problems, p => p.ToString().Contains("{ \"a\": 1 },[ 2 ]", StringComparison.Ordinal));
        Assert.DoesNotContain(reader.Problems, p => p.DisablesAgent);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var reader = Read("""{"log": {"level": "debug"}}""", withByteOrderMark: true);

        Assert.Equal(AgentLogLevel.Debug, reader.Get(AgentSettings.LogLevel));
        Assert.Empty(reader.Problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    [InlineData("""{"log": {"level": "debug"}""")]
    [InlineData("""{"log": "debug"} {"more": 1}""")]
    [InlineData("""{"log": "debug",, }""")]
    [InlineData("""{"log": tru}""")]
    public void A_malformed_file_is_refused_as_a_whole(string json)
    {
        var reader = Read(json);

        Assert.True(reader.Problems.Any(p => p.DisablesAgent), string.Join("\n", reader.Problems));
        Assert.Equal(AgentLogLevel.Information, reader.Get(AgentSettings.LogLevel));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" {\r\n}\r\n")]
    [InlineData("{ /* a } in a comment */ }")]
    [InlineData("// before\n{\n  // \"log\": { \"level\": \"debug\" }\n}\n// after")]
    [InlineData("{}// no newline at the end")]
    [InlineData("/**/{/**/}/**/")]
    public void An_empty_object_with_comments_sets_nothing(string json)
    {
        var reader = Read(json, withByteOrderMark: json.StartsWith('{'));

        Assert.Empty(reader.Problems);
        Assert.NotNull(reader.FilePath);
        Assert.Equal(AgentLogLevel.Information, reader.Get(AgentSettings.LogLevel));
    }

    [Theory]
    [InlineData("// only a comment")]
    [InlineData("{ /* unterminated }")]
    [InlineData("{}}")]
    [InlineData("{} {}")]
    [InlineData("{ , }")]
    [InlineData("}{")]
    [InlineData("{ /* a */ / }")]
    [InlineData("{\u00a0}")]
    public void Comments_and_braces_that_are_no_empty_object_are_refused(string json)
    {
        var reader = Read(json);

        Assert.True(reader.Problems.Any(p => p.DisablesAgent), string.Join("\n", reader.Problems));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SettingsReader Read(string json, bool withByteOrderMark = false)
    {
        var path = Path.Combine(_folder, "sightline.json");
        var bytes = Encoding.UTF8.GetBytes(json);
        File.WriteAllBytes(path, withByteOrderMark ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes);
        return SettingsReader.Create(_ => null, path);
    }
}
