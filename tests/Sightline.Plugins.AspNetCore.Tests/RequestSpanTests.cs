using System.Diagnostics;
using System.Net;
using Sightline.Core.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AspNetCore.Tests;

public sealed class RequestSpanTests(PluginFixture fixture)
{
    [Fact]
    public async Task The_plugin_is_applied_to_the_hosting_activity_methods_and_kestrels_error_report()
    {
        // Hosting is evaluated when it loads, which the first app does.
        await using var app = await TestApp.StartAsync();
        var applied = fixture.Decisions.Snapshot().Where(d => d.PluginId == "aspnetcore" && d.Outcome == PluginOutcome.Applied).Select(d => d.Target).ToList();
        Assert.True(applied.Count == 3, string.Join("\n", fixture.Decisions.Snapshot()));
        Assert.Contains(applied, t => t.Contains("HostingApplicationDiagnostics.StartActivity(HttpContext, Boolean, Boolean&)", StringComparison.Ordinal));
        Assert.Contains(applied, t => t.Contains("HostingApplicationDiagnostics.StopActivity(HttpContext, Activity, Boolean)", StringComparison.Ordinal));
        Assert.Contains(applied, t => t.Contains("HttpProtocol.ReportApplicationError(Exception)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/invoices/12/lines/3", "/invoices/{number}/lines/{line}")]
    [InlineData("/invoices/12/lines", "/invoices/{number}/lines/{line}")]
    [InlineData("/reports/2026/11", "/reports/{year}/{month}")]
    [InlineData("/reports/2026", "/reports/{year}")]
    [InlineData("/files/a/b/c.txt", "/files/{path}")]
    public async Task The_route_template_loses_constraints_defaults_and_markers(string path, string route)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal("GET " + route, span.DisplayName);
        Assert.Equal(route, span.GetTagItem("http.route"));
    }

    [Fact]
    public async Task A_routed_request_is_an_entry_span_named_by_its_route_template()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync("/orders/42");
        Assert.Equal("order 42", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal("GET /orders/{id}", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(ActivityTraceFlags.Recorded, span.ActivityTraceFlags & ActivityTraceFlags.Recorded);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal("AspNetCore", span.GetTagItem(SpanTags.Component));
        Assert.Equal("Http", span.GetTagItem(SpanTags.Layer));
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal(new Uri(app.Address, "/orders/42").ToString(), span.GetTagItem("url.full"));
        Assert.Equal("/orders/{id}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("127.0.0.1", span.GetTagItem("client.address"));
        Assert.IsType<int>(span.GetTagItem("client.port"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task An_unrouted_request_is_named_by_its_path_and_a_404_is_not_an_error()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync("/nowhere/7");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal("GET /nowhere/7", span.DisplayName);
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Null(span.GetTagItem("http.route"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_error_span_with_the_exception_recorded()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal("GET /boom", span.DisplayName);
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem(SpanTags.ErrorType));
        var recorded = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Contains(recorded.Tags, t => t.Key == "exception.message" && (string?)t.Value == "boom");
    }

    [Fact]
    public async Task An_incoming_traceparent_is_continued()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        const string parentId = "b7ad6b7169203331";
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync("/orders/1", $"00-{traceId}-{parentId}-01");
        response.EnsureSuccessStatusCode();

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal(traceId, span.TraceId.ToHexString());
        Assert.Equal(parentId, span.ParentSpanId.ToHexString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01")]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01,00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    public async Task A_malformed_traceparent_starts_a_new_trace_and_the_request_still_succeeds(string traceParent)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync("/orders/3", traceParent);
        Assert.Equal("order 3", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal("GET /orders/{id}", span.DisplayName);
        Assert.Equal(default, span.ParentSpanId);
        Assert.DoesNotContain(span.TraceId.ToHexString(), traceParent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ignored_paths_and_suffixes_produce_no_span()
    {
        await using var app = await TestApp.StartAsync();
        using (var health = await app.GetAsync("/health"))
        using (var css = await app.GetAsync("/site.css"))
        {
            Assert.Equal("ok", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        }

        // A traced request afterwards shows the sink has caught up with this app.
        using var traced = await app.GetAsync("/orders/5");
        var spans = await fixture.Sink.WaitForAsync(app.Owns);
        Assert.Equal("GET /orders/{id}", Assert.Single(spans).DisplayName);
    }

    [Fact]
    public async Task With_logging_on_the_entry_span_is_a_root_the_application_sees_as_current()
    {
        // Logging makes ASP.NET Core start a bare request Activity nobody exports: the Entry span must not hang under it.
        await using var app = await TestApp.StartAsync(logging: true);
        using var response = await app.GetAsync("/current");
        var seen = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var spans = await fixture.Sink.WaitForAsync(s => app.Owns(s) || (s.DisplayName == "handler work" && s.ParentSpanId.ToHexString() == seen), count: 2);
        var entry = Assert.Single(spans, app.Owns);
        var local = Assert.Single(spans, s => s.DisplayName == "handler work");
        Assert.Equal(default, entry.ParentSpanId);
        Assert.Equal(entry.SpanId.ToHexString(), seen);
        Assert.Equal(entry.SpanId, local.ParentSpanId);
        Assert.Equal(entry.TraceId, local.TraceId);
    }

    [Fact]
    public async Task The_httpclient_plugin_excluded_by_configuration_is_disabled_and_records_no_client_spans()
    {
        Assert.Contains(fixture.Decisions.Snapshot(), d => d.PluginId == "httpclient" && d.Outcome == PluginOutcome.Disabled);
        Assert.DoesNotContain(fixture.Decisions.Snapshot(), d => d.PluginId == "httpclient" && d.Outcome == PluginOutcome.Applied);

        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync("/orders/9");
        response.EnsureSuccessStatusCode();
        Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.DoesNotContain(fixture.Sink.Spans, s => s.Kind == ActivityKind.Client);
    }
}
