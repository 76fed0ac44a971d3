using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sightline.Core.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.HttpClient.Tests;

public sealed class ExitSpanTests(PluginFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_plugin_is_applied_to_the_connection_pool_send()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        await client.GetStringAsync(new Uri(server.Address, "/items/0"), Token);

        var applied = fixture.Decisions.Snapshot().Where(d => d.PluginId == "httpclient" && d.Outcome == PluginOutcome.Applied).Select(d => d.Target).ToList();
        Assert.Equal(2, applied.Count);
        Assert.Contains(applied, t => t.Contains("HttpConnectionPoolManager.SendAsync(HttpRequestMessage, Boolean, Boolean, CancellationToken)", StringComparison.Ordinal));
        Assert.Contains(applied, t => t.Contains("DiagnosticsHandler.IsEnabled()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_is_an_exit_span_under_the_active_span_and_the_server_continues_its_trace()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        string body;
        ActivitySpanId localId;
        using (var local = Tracer.CreateLocalSpan("caller work"))
        {
            localId = local.Activity!.SpanId;
            body = await client.GetStringAsync(new Uri(server.Address, "/items/5"), Token);
        }

        Assert.Equal("item 5", body);
        var spans = await fixture.Sink.WaitForAsync(s => s.TraceId == fixture.Sink.Spans.Single(l => l.SpanId == localId).TraceId && s.Kind != ActivityKind.Internal, count: 2);
        var exit = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        var entry = Assert.Single(spans, s => s.Kind == ActivityKind.Server);

        Assert.Equal("GET /items/5", exit.DisplayName);
        Assert.Equal(localId, exit.ParentSpanId);
        Assert.Equal(server.Peer, exit.GetTagItem(SpanTags.Peer));
        Assert.Equal("HttpClient", exit.GetTagItem(SpanTags.Component));
        Assert.Equal("Http", exit.GetTagItem(SpanTags.Layer));
        Assert.Equal("GET", exit.GetTagItem("http.request.method"));
        Assert.Equal(new Uri(server.Address, "/items/5").ToString(), exit.GetTagItem("url.full"));
        Assert.Equal(200, exit.GetTagItem("http.response.status_code"));
        Assert.NotEqual(ActivityStatusCode.Error, exit.Status);

        // Across the wire: the server's Entry span is the Exit span's child, in its own segment.
        Assert.Equal("GET /items/{id}", entry.DisplayName);
        Assert.Equal(exit.SpanId, entry.ParentSpanId);
        Assert.NotEqual(exit.GetTagItem(SpanTags.SegmentId), entry.GetTagItem(SpanTags.SegmentId));
    }

    [Fact]
    public async Task The_request_carries_exactly_one_traceparent_naming_the_exit_span()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();

        // With an active span DiagnosticsHandler writes its own traceparent first; the plugin replaces it, never adds one.
        string echoed;
        using (Tracer.CreateLocalSpan("caller work"))
        {
            echoed = await client.GetStringAsync(new Uri(server.Address, "/headers"), Token);
        }

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.DoesNotContain("|", echoed, StringComparison.Ordinal);
        Assert.DoesNotContain(",", echoed, StringComparison.Ordinal);
        Assert.Equal($"00-{exit.TraceId.ToHexString()}-{exit.SpanId.ToHexString()}-01", echoed);
    }

    [Fact]
    public async Task A_request_without_an_active_span_starts_a_trace_with_one_traceparent()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        var echoed = await client.GetStringAsync(new Uri(server.Address, "/headers"), Token);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal(default, exit.ParentSpanId);
        Assert.Equal($"00-{exit.TraceId.ToHexString()}-{exit.SpanId.ToHexString()}-01", echoed);
    }

    [Fact]
    public async Task A_synchronous_send_is_traced_too()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/items/7"));
        using var response = await Task.Run(() => client.Send(request, Token), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal("GET /items/7", exit.DisplayName);
        Assert.Equal(200, exit.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task The_url_tag_keeps_neither_credentials_nor_the_query()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        var address = new UriBuilder(new Uri(server.Address, "/items/8")) { UserName = "alice", Password = "secret", Query = "token=abc" }.Uri;
        Assert.Equal("item 8", await client.GetStringAsync(address, Token));

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal(new Uri(server.Address, "/items/8").ToString(), exit.GetTagItem("url.full"));
        Assert.Equal("GET /items/8", exit.DisplayName);
    }

    [Fact]
    public async Task An_error_status_makes_an_error_span()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        using var response = await client.GetAsync(new Uri(server.Address, "/fail"), Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal(503, exit.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
    }

    [Fact]
    public async Task A_refused_connection_is_an_error_span_with_the_exception()
    {
        // A port that was just free: nothing listens there.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        using var client = new System.Net.Http.HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/items/1"), Token));

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), $"127.0.0.1:{port}")));
        Assert.Equal("GET /items/1", exit.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
        Assert.Equal(typeof(HttpRequestException).FullName, exit.GetTagItem(SpanTags.ErrorType));
        Assert.Contains(exit.Events, e => e.Name == "exception");
        Assert.Null(exit.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_timeout_is_an_error_span()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var failure = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetStringAsync(new Uri(server.Address, "/wait"), Token));
        Assert.IsType<TimeoutException>(failure.InnerException);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
        Assert.IsType<string>(exit.GetTagItem(SpanTags.ErrorType));
        Assert.True(typeof(OperationCanceledException).IsAssignableFrom(Type.GetType((string)exit.GetTagItem(SpanTags.ErrorType)!)));
    }

    [Fact]
    public async Task A_cancelled_request_is_an_error_span()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var call = client.GetStringAsync(new Uri(server.Address, "/wait"), cancel.Token);
        await server.Waiting.Task.WaitAsync(Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
        Assert.Contains(exit.Events, e => e.Name == "exception");
    }
}
