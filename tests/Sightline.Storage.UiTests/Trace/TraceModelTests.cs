using System.Text.Json;
using Sightline.Storage.UiTests.Infrastructure;

namespace Sightline.Storage.UiTests.Trace;

/// <summary>
/// The waterfall's tree building (js/trace-model.js) on traces no well-behaved server would store, run in the
/// browser against the module the server serves.
/// </summary>
public sealed class TraceModelTests(BrowserFixture browser) : UiTest(browser)
{
    private const string Run = """
        async trace => {
          const { buildTraceModel } = await import('/js/trace-model.js');
          const model = buildTraceModel(trace);
          return JSON.stringify({
            order: model.spans.map(s => `${'.'.repeat(s.depth)}${s.id}${s.missingParent ? '!' : ''}`),
            rootCause: model.rootCause?.id ?? null,
            critical: model.spans.filter(s => s.criticalSegments.length > 0).map(s => s.id),
          });
        }
        """;

    private static Dictionary<string, object?> Span(string id, string? parent, long start, long duration, bool error = false) => new()
    {
        ["traceID"] = "t",
        ["spanID"] = id,
        ["operationName"] = "op " + id,
        ["references"] = parent is null ? Array.Empty<object>() : new object[] { new Dictionary<string, string> { ["refType"] = "CHILD_OF", ["traceID"] = "t", ["spanID"] = parent } },
        ["startTime"] = start,
        ["duration"] = duration,
        ["tags"] = error ? new object[] { new Dictionary<string, object> { ["key"] = "error", ["type"] = "bool", ["value"] = true } } : Array.Empty<object>(),
        ["processID"] = "p1",
    };

    private async Task<JsonElement> BuildAsync(params Dictionary<string, object?>[] spans)
    {
        await OpenAsync("#/dependencies?lookback=1h");
        var trace = new Dictionary<string, object?>
        {
            ["traceID"] = "t",
            ["spans"] = spans,
            ["processes"] = new Dictionary<string, object> { ["p1"] = new Dictionary<string, object> { ["serviceName"] = "svc", ["tags"] = Array.Empty<object>() } },
        };
        var json = await Page.EvaluateAsync<string>(Run, trace);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static string[] Order(JsonElement model) => [.. model.GetProperty("order").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Children_follow_their_parent_in_start_order_and_orphans_hang_under_the_root()
    {
        var model = await BuildAsync(
            Span("b", "a", 30, 10),
            Span("a", null, 0, 100),
            Span("c", "a", 10, 10),
            Span("d", "gone", 50, 5),
            Span("e", "c", 12, 2));

        Assert.Equal(["a", ".c", "..e", ".b", ".d!"], Order(model));
    }

    [Fact]
    public async Task A_trace_without_its_root_uses_the_earliest_span_and_marks_it()
    {
        var model = await BuildAsync(Span("x", "lost", 10, 50), Span("y", "x", 20, 5), Span("z", "lost-too", 30, 5));

        Assert.Equal(["x!", ".y", ".z!"], Order(model));
    }

    [Fact]
    public async Task A_reference_cycle_still_shows_every_span_once()
    {
        var model = await BuildAsync(Span("r", null, 0, 100), Span("p", "q", 10, 10), Span("q", "p", 20, 10));

        var order = Order(model);
        Assert.Equal(3, order.Length);
        Assert.Equal("r", order[0]);
        Assert.Contains(".p!", order);
    }

    [Fact]
    public async Task The_deepest_error_is_the_root_cause_and_the_critical_path_follows_the_last_finishing_child()
    {
        var model = await BuildAsync(
            Span("root", null, 0, 100, error: true),
            Span("early", "root", 5, 20),
            Span("late", "root", 40, 50, error: true),
            Span("deep", "late", 45, 10, error: true));

        Assert.Equal("deep", model.GetProperty("rootCause").GetString());
        var critical = model.GetProperty("critical").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["root", "early", "late", "deep"], critical);
    }

    [Fact]
    public async Task An_empty_trace_builds_an_empty_model()
    {
        var model = await BuildAsync();

        Assert.Empty(Order(model));
        Assert.Equal(JsonValueKind.Null, model.GetProperty("rootCause").ValueKind);
    }
}
