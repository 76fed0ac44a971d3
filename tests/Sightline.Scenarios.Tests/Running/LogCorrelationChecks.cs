using System.Text.Json;
using Sightline.Scenarios.Running;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>
/// The log-correlation scenario: the lines the app printed inside its traced request carry the trace id and span id
/// of the Entry span the agent exported, in the JSON formatter's scopes and in the simple formatter's text.
/// </summary>
internal static class LogCorrelationChecks
{
    public static void Verify(ScenarioRun run)
    {
        var entry = Assert.Single(run.Spans, s => s.Service == "log-app" && s.Name == "GET /orders/{id}");
        var lines = run.Outputs["app"].Split('\n');

        // Host logger, JSON formatter (Logging:Console:FormatterName=json, IncludeScopes=true): one object per line.
        var received = Scopes(lines, "order 7 received");
        Assert.Contains(received, s => s.TraceId == entry.TraceId && s.SpanId == entry.SpanId);
        Assert.DoesNotContain(Scopes(lines, "outside any request"), s => s.TraceId is not null);

        // Hand-made LoggerFactory, simple formatter on one line: "info: Pricing[0] => SpanId:…, TraceId:…, … => order 7 priced".
        var priced = Assert.Single(lines, l => l.Contains("order 7 priced", StringComparison.Ordinal));
        Assert.Contains($"SpanId:{entry.SpanId}", priced, StringComparison.Ordinal);
        Assert.Contains($"TraceId:{entry.TraceId}", priced, StringComparison.Ordinal);
    }

    private static List<(string? TraceId, string? SpanId)> Scopes(string[] lines, string message)
    {
        var line = Assert.Single(lines, l => l.StartsWith('{') && l.Contains($"\"Message\":\"{message}\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        var scopes = new List<(string?, string?)>();
        if (json.RootElement.TryGetProperty("Scopes", out var array))
        {
            foreach (var scope in array.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                scopes.Add((Text(scope, "TraceId"), Text(scope, "SpanId")));
            }
        }

        return scopes;
    }

    private static string? Text(JsonElement scope, string name) => scope.TryGetProperty(name, out var value) ? value.GetString() : null;
}
