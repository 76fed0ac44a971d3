using System.Net;
using System.Text;
using System.Text.Json;
using Sightline.Storage.Tests.Conformance;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Api;

/// <summary>The Jaeger-compatible HTTP query API on the query port, as the web UI calls it. Both backends.</summary>
public sealed class QueryApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Services_operations_and_trace_by_id_answer_in_the_jaeger_envelope(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        await PostJsonAsync(server, FixtureSet.Otlp.OtlpJson("example_trace"));

        using var services = await GetJsonAsync(server, "/api/services");
        Assert.Equal(["example-service-1", "example-service-2", "example-service-3"], services.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(3, services.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, services.RootElement.GetProperty("errors").ValueKind);

        using var legacy = await GetJsonAsync(server, "/api/services/example-service-1/operations");
        Assert.Equal(["example-operation-1", "example-operation-3", "example-operation-4"], legacy.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).Order());

        using var operations = await GetJsonAsync(server, "/api/operations?service=example-service-1&spanKind=client");
        var client = Assert.Single(operations.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("example-operation-4", client.GetProperty("name").GetString());
        Assert.Equal("client", client.GetProperty("spanKind").GetString());

        using var trace = await GetJsonAsync(server, "/api/traces/00000000000000000000000000000011");
        var data = Assert.Single(trace.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("0000000000000011", data.GetProperty("traceID").GetString());
        var spans = data.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(5, spans.Count);
        Assert.All(spans, s => Assert.Matches("^[0-9a-f]{16}$", s.GetProperty("spanID").GetString()));
        var processes = data.GetProperty("processes").EnumerateObject().ToList();
        Assert.Equal(["example-service-1", "example-service-2", "example-service-3"], processes.Select(p => p.Value.GetProperty("serviceName").GetString()!).Order());
        Assert.All(spans, s => Assert.Contains(processes, p => p.Name == s.GetProperty("processID").GetString()));
        var server3 = spans.Single(s => s.GetProperty("operationName").GetString() == "example-operation-3");
        Assert.Contains(server3.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "span.kind" && t.GetProperty("value").GetString() == "server");
        Assert.True(server3.GetProperty("startTime").GetInt64() > 1_000_000_000_000_000, "startTime is in microseconds since the epoch");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Search_by_service_operation_tags_and_duration_finds_the_fixture(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        await PostJsonAsync(server, FixtureSet.Otlp.OtlpJson("tags_opname_dur_trace"));
        await PostJsonAsync(server, FixtureSet.Otlp.OtlpJson("span_tags_trace"));
        var window = Window();

        var tags = Uri.EscapeDataString("""{"sameplacetag1":"sameplacevalue","sameplacetag2":"123"}""");
        using var byTagsJson = await GetJsonAsync(server, $"/api/traces?service=query14-service&operation=query14-operation&tags={tags}&minDuration=4500ns&maxDuration=5.5us&{window}");
        Assert.Single(byTagsJson.RootElement.GetProperty("data").EnumerateArray());

        using var byTagParam = await GetJsonAsync(server, $"/api/traces?service=query01-service&tag=sameplacetag3:72.5&tag=sameplacetag4:true&limit=20&{window}");
        Assert.Single(byTagParam.RootElement.GetProperty("data").EnumerateArray());

        using var wrongValue = await GetJsonAsync(server, $"/api/traces?service=query01-service&tag=sameplacetag3:72.6&{window}");
        Assert.Empty(wrongValue.RootElement.GetProperty("data").EnumerateArray());

        using var byIds = await GetJsonAsync(server, "/api/traces?traceID=00000000000000000000000000000001&traceID=ffffffffffffffff");
        Assert.Single(byIds.RootElement.GetProperty("data").EnumerateArray());
        var error = Assert.Single(byIds.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("ffffffffffffffff", error.GetProperty("traceID").GetString());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Dependencies_come_from_parent_child_spans_and_filter_by_service(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var now = DateTime.UtcNow;
        var request = new OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest();
        OtlpConformanceTests.AddCall(request, "frontend", "orders", 1, now);
        OtlpConformanceTests.AddCall(request, "orders", "db", 2, now);
        await OtlpConformanceTests.ExportAsync(server, request);
        var endTs = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();

        using var all = await GetJsonAsync(server, $"/api/dependencies?endTs={endTs}&lookback=3600000");
        Assert.Equal(
            ["frontend->orders:1", "orders->db:1"],
            all.RootElement.GetProperty("data").EnumerateArray().Select(d => $"{d.GetProperty("parent").GetString()}->{d.GetProperty("child").GetString()}:{d.GetProperty("callCount").GetInt64()}").Order());

        using var filtered = await GetJsonAsync(server, $"/api/dependencies?endTs={endTs}&lookback=3600000&service=db");
        Assert.Single(filtered.RootElement.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/traces/not-hex", HttpStatusCode.BadRequest, "not a hex trace id")]
    [InlineData("/api/traces/0123456789abcdef0123456789abcdef0", HttpStatusCode.BadRequest, "not a hex trace id")]
    [InlineData("/api/traces/00000000000000000000000000000abc", HttpStatusCode.NotFound, "trace not found")]
    [InlineData("/api/traces", HttpStatusCode.BadRequest, "'service' is required")]
    [InlineData("/api/traces?service=a&start=abc", HttpStatusCode.BadRequest, "'start'")]
    [InlineData("/api/traces?service=a&start=-5", HttpStatusCode.BadRequest, "'start'")]
    [InlineData("/api/traces?service=a&start=200&end=100", HttpStatusCode.BadRequest, "after 'end'")]
    [InlineData("/api/traces?service=a&limit=-1", HttpStatusCode.BadRequest, "'limit'")]
    [InlineData("/api/traces?service=a&limit=99999999999999", HttpStatusCode.BadRequest, "'limit'")]
    [InlineData("/api/traces?service=a&minDuration=2s&maxDuration=1s", HttpStatusCode.BadRequest, "'maxDuration'")]
    [InlineData("/api/traces?service=a&minDuration=fast", HttpStatusCode.BadRequest, "'minDuration'")]
    [InlineData("/api/traces?service=a&tags=%7Bnot-json", HttpStatusCode.BadRequest, "'tags' is not valid JSON")]
    [InlineData("/api/traces?service=a&tags=%5B1%5D", HttpStatusCode.BadRequest, "JSON object")]
    [InlineData("/api/traces?service=a&tag=novalue", HttpStatusCode.BadRequest, "key:value")]
    [InlineData("/api/operations", HttpStatusCode.BadRequest, "'service' is required")]
    [InlineData("/api/dependencies?endTs=yesterday", HttpStatusCode.BadRequest, "'endTs'")]
    public async Task Bad_parameters_are_answered_400_saying_what_was_wrong(string path, HttpStatusCode status, string message)
    {
        await using var server = await RunningServer.StartAsync("sqlite");

        var response = await server.Http.GetAsync(path, Ct);

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("data").ValueKind);
        Assert.Contains(message, body.RootElement.GetProperty("errors")[0].GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Hostile_parameters_are_treated_as_plain_values(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        await PostJsonAsync(server, FixtureSet.Otlp.OtlpJson("example_trace"));
        var window = Window();
        string[] attempts =
        [
            $"/api/traces?service={Uri.EscapeDataString("x' OR '1'='1")}&{window}",
            $"/api/traces?service=example-service-1&operation={Uri.EscapeDataString("'; DROP TABLE spans; --")}&{window}",
            $"/api/traces?service=example-service-1&tag={Uri.EscapeDataString("k' OR 1=1 --:v")}&{window}",
            $"/api/traces?service={Uri.EscapeDataString("example-service-1\" OR \"\"=\"")}&{window}",
            $"/api/traces?service=example-service-1&start=0&end={long.MaxValue}&limit=2147483647",
            $"/api/services/{Uri.EscapeDataString("a' UNION SELECT payload FROM spans --")}/operations",
        ];

        foreach (var path in attempts)
        {
            var response = await server.Http.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            if (!path.Contains("start=0", StringComparison.Ordinal))
            {
                Assert.Empty(body.RootElement.GetProperty("data").EnumerateArray());
            }
        }

        // The data is still there: nothing was dropped or altered.
        using var services = await GetJsonAsync(server, "/api/services");
        Assert.Equal(3, services.RootElement.GetProperty("total").GetInt32());
        using var everything = await GetJsonAsync(server, $"/api/traces?service=example-service-1&start=0&end={long.MaxValue}&limit=2147483647");
        Assert.Single(everything.RootElement.GetProperty("data").EnumerateArray());
    }

    internal static string Window()
    {
        var now = DateTimeOffset.UtcNow;
        return $"start={now.AddDays(-3).ToUnixTimeMilliseconds() * 1000}&end={now.ToUnixTimeMilliseconds() * 1000}";
    }

    internal static async Task PostJsonAsync(RunningServer server, string json)
    {
        using var http = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };
        var response = await http.PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonDocument> GetJsonAsync(RunningServer server, string path)
    {
        var response = await server.Http.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
