using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Conversion;

namespace Sightline.Storage.Tests.Infrastructure;

/// <summary>
/// Jaeger's integration fixtures from <c>../shared/conformance/jaeger-fixtures/</c> beside the repository, with
/// dates moved as the Jaeger suite moves them: 2017-01-26 becomes yesterday (UTC) and 2017-01-25 the day before,
/// keeping the time of day.
/// </summary>
public sealed partial class FixtureSet
{
    private static readonly DateTime FixtureDay = new(2017, 1, 26, 0, 0, 0, DateTimeKind.Utc);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private readonly string _directory;
    private readonly DateTime _yesterday = DateTime.UtcNow.Date.AddDays(-1);

    private FixtureSet(string directory) => _directory = directory;

    public static FixtureSet ModelV1 => new(Path.Combine(Root, "model-v1", "fixtures"));

    public static FixtureSet Otlp => new(Path.Combine(Root, "otlp", "fixtures"));

    private static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agent.sln")))
            {
                directory = directory.Parent;
            }

            Assert.NotNull(directory);
            var root = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "jaeger-fixtures"));
            Assert.True(Directory.Exists(root), $"Jaeger fixtures not found at {root}: shared/ must sit beside the repository clone.");
            return root;
        }
    }

    private long ShiftNanos => (long)(_yesterday - FixtureDay).TotalDays * 86_400_000_000_000L;

    public IReadOnlyList<FixtureQuery> Queries()
    {
        var text = ShiftDates(File.ReadAllText(Path.Combine(_directory, "queries.json")));
        using var document = JsonDocument.Parse(text);
        var queries = new List<FixtureQuery>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var query = item.GetProperty("Query");
            var tags = new List<KeyValuePair<string, JsonElement>>();
            if (query.TryGetProperty("Tags", out var tagObject) && tagObject.ValueKind == JsonValueKind.Object)
            {
                tags.AddRange(tagObject.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone())));
            }

            queries.Add(new FixtureQuery(
                item.GetProperty("Caption").GetString()!,
                query.GetProperty("ServiceName").GetString() ?? string.Empty,
                query.GetProperty("OperationName").GetString() ?? string.Empty,
                tags,
                DateTimeOffset.Parse(query.GetProperty("StartTimeMin").GetString()!, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(query.GetProperty("StartTimeMax").GetString()!, CultureInfo.InvariantCulture),
                query.GetProperty("DurationMin").GetInt64(),
                query.GetProperty("DurationMax").GetInt64(),
                query.GetProperty("NumTraces").GetInt32(),
                item.GetProperty("ExpectedFixtures").EnumerateArray().Select(e => e.GetString()!).ToList()));
        }

        return queries;
    }

    /// <summary>A model-v1 trace fixture as Jaeger model spans.</summary>
    public IReadOnlyList<Jaeger.ApiV2.Span> ModelTrace(string name)
    {
        var text = ShiftDates(File.ReadAllText(TracePath(name)));
        // Jaeger's gogo JSON writes durations as Go strings ("5000ns"); protobuf JSON wants seconds ("0.000005s").
        text = GoNanosDuration().Replace(text, m => $"\"duration\": \"{decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1_000_000_000m}s\"");
        return Parser.Parse<Jaeger.ApiV2.Trace>(text).Spans;
    }

    /// <summary>An OTLP trace fixture as its (date-shifted) JSON text.</summary>
    public string OtlpJson(string name)
    {
        var root = JsonNode.Parse(File.ReadAllText(TracePath(name)))!;
        Shift(root);
        return root.ToJsonString();
    }

    public ExportTraceServiceRequest OtlpTrace(string name) => OtlpJsonReader.Parse(OtlpJson(name));

    private string TracePath(string name) => Path.Combine(_directory, "traces", name + ".json");

    private string ShiftDates(string text) => text
        .Replace("2017-01-26", _yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("2017-01-25", _yesterday.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private void Shift(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (name is "startTimeUnixNano" or "endTimeUnixNano" or "timeUnixNano" && child is JsonValue value)
                    {
                        var nanos = value.TryGetValue<string>(out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : value.GetValue<long>();
                        obj[name] = (nanos + ShiftNanos).ToString(CultureInfo.InvariantCulture);
                    }
                    else if (child is not null)
                    {
                        Shift(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Shift(item);
                    }
                }

                break;
        }
    }

    [GeneratedRegex("\"duration\":\\s*\"(\\d+)ns\"")]
    private static partial Regex GoNanosDuration();
}
