using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Core.Plugins;
using Sightline.Plugins.Grpc.Tests.Protos;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Grpc.Tests;

public sealed class GrpcCallTests(PluginFixture fixture)
{
    private const string SayHello = "/sightline.test.Greeter/SayHello";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_client_and_server_plugins_are_applied()
    {
        await using var server = await GreeterServer.StartAsync();
        await server.Client.SayHelloAsync(new HelloRequest { Name = "applied" }, cancellationToken: Token);

        var applied = fixture.Decisions.Snapshot().Where(d => d.Outcome == PluginOutcome.Applied).ToList();
        Assert.Contains(applied, d => d.PluginId == "grpc-client" && d.Target.Contains("BalancerHttpHandler.SendAsync", StringComparison.Ordinal));
        Assert.Contains(applied, d => d.PluginId == "grpc-client" && d.Target.Contains("GrpcProtocolHelpers.GetResponseStatus", StringComparison.Ordinal));
        Assert.Equal(3, applied.Count(d => d.PluginId == "grpc-server"));
    }

    [Fact]
    public async Task A_unary_call_is_one_exit_span_and_one_entry_span_in_the_same_trace()
    {
        await using var server = await GreeterServer.StartAsync();
        HelloReply reply;
        ActivitySpanId callerId;
        using (var caller = Tracer.CreateLocalSpan("caller work"))
        {
            callerId = caller.Activity!.SpanId;
            reply = await server.Client.SayHelloAsync(new HelloRequest { Name = "ada" }, cancellationToken: Token);
        }

        Assert.Equal("hello ada", reply.Message);
        var (exit, entry) = await CallSpansAsync(server);

        // Client: one Exit span for the call; the HttpClient plugin's span for the HTTP/2 request nested into it.
        Assert.Equal(SayHello, exit.DisplayName);
        Assert.Equal(callerId, exit.ParentSpanId);
        Assert.Equal("Grpc", exit.GetTagItem(SpanTags.Component));
        Assert.Equal("Rpc", exit.GetTagItem(SpanTags.Layer));
        Assert.Equal(server.Peer, exit.GetTagItem(SpanTags.Peer));
        Assert.Equal("grpc", exit.GetTagItem("rpc.system"));
        Assert.Equal("sightline.test.Greeter", exit.GetTagItem("rpc.service"));
        Assert.Equal("SayHello", exit.GetTagItem("rpc.method"));
        Assert.Equal(0, exit.GetTagItem("rpc.grpc.status_code"));
        Assert.NotEqual(ActivityStatusCode.Error, exit.Status);

        // Server: the ASP.NET Core Entry span and the gRPC one are the same span, named by the method, continuing
        // the client's trace from the metadata, which carried exactly one traceparent: the Exit span's.
        Assert.Equal(SayHello, entry.DisplayName);
        Assert.Equal(exit.TraceId, entry.TraceId);
        Assert.Equal(exit.SpanId, entry.ParentSpanId);
        Assert.Equal("Grpc", entry.GetTagItem(SpanTags.Component));
        Assert.Equal("Rpc", entry.GetTagItem(SpanTags.Layer));
        Assert.Equal("sightline.test.Greeter", entry.GetTagItem("rpc.service"));
        Assert.Equal(0, entry.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(200, entry.GetTagItem("http.response.status_code"));
        Assert.Equal($"00-{exit.TraceId.ToHexString()}-{exit.SpanId.ToHexString()}-01", reply.Traceparent);
    }

    [Fact]
    public async Task An_error_status_marks_both_spans_and_the_server_records_the_exception()
    {
        await using var server = await GreeterServer.StartAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.SayHelloAsync(new HelloRequest { Name = "fail" }, cancellationToken: Token));
        Assert.Equal(StatusCode.NotFound, failure.StatusCode);

        var (exit, entry) = await CallSpansAsync(server);
        Assert.Equal(5, exit.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
        Assert.Equal(5, entry.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(ActivityStatusCode.Error, entry.Status);
        Assert.Equal(typeof(RpcException).FullName, entry.GetTagItem(SpanTags.ErrorType));
        Assert.Equal(exit.SpanId, entry.ParentSpanId);
    }

    [Fact]
    public async Task A_handler_exception_is_unknown_with_the_exception_on_the_server_span()
    {
        await using var server = await GreeterServer.StartAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.SayHelloAsync(new HelloRequest { Name = "crash" }, cancellationToken: Token));
        Assert.Equal(StatusCode.Unknown, failure.StatusCode);

        var (exit, entry) = await CallSpansAsync(server);
        Assert.Equal(2, exit.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(2, entry.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(typeof(InvalidOperationException).FullName, entry.GetTagItem(SpanTags.ErrorType));
        var recorded = Assert.Single(entry.Events, e => e.Name == "exception");
        Assert.Contains(recorded.Tags, t => t.Key == "exception.message" && (string?)t.Value == "greeter crashed");
    }

    [Fact]
    public async Task A_deadline_exceeded_call_is_an_error_exit_span()
    {
        await using var server = await GreeterServer.StartAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Client.SayHelloAsync(new HelloRequest { Name = "slow" }, deadline: DateTime.UtcNow.AddMilliseconds(300), cancellationToken: Token));
        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        Assert.Equal(SayHello, exit.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
    }

    [Fact]
    public async Task A_client_made_by_the_grpc_client_factory_is_traced_like_a_channel_of_its_own()
    {
        // AddGrpcClient gives the channel the HttpClientFactory's handler chain (GrpcChannelOptions.HttpHandler);
        // the channel still puts its BalancerHttpHandler in front of it.
        await using var server = await GreeterServer.StartAsync();
        var services = new ServiceCollection();
        services.AddGrpcClient<Greeter.GreeterClient>(o => o.Address = server.Address);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<Greeter.GreeterClient>();

        var reply = await client.SayHelloAsync(new HelloRequest { Name = "factory" }, cancellationToken: Token);

        Assert.Equal("hello factory", reply.Message);
        var (exit, entry) = await CallSpansAsync(server);
        Assert.Equal(SayHello, exit.DisplayName);
        Assert.Equal("Grpc", exit.GetTagItem(SpanTags.Component));
        Assert.Equal(0, exit.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(exit.SpanId, entry.ParentSpanId);
        Assert.Equal(exit.SpanId.ToHexString(), reply.Traceparent.Split('-')[2]);
    }

    [Fact]
    public async Task A_channel_given_its_own_http_client_shows_its_calls_as_http_client_exit_spans()
    {
        // The documented limit: with GrpcChannelOptions.HttpClient the channel has no BalancerHttpHandler, so the call
        // is seen only by the HttpClient plugin, as the HTTP/2 request it is (still one span, still propagated).
        await using var server = await GreeterServer.StartAsync();
        using var http = new System.Net.Http.HttpClient();
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(server.Address, new() { HttpClient = http });
        var client = new Greeter.GreeterClient(channel);

        var reply = await client.SayHelloAsync(new HelloRequest { Name = "own client" }, cancellationToken: Token);

        var (exit, entry) = await CallSpansAsync(server);
        Assert.Equal("POST " + SayHello, exit.DisplayName);
        Assert.Equal("HttpClient", exit.GetTagItem(SpanTags.Component));
        Assert.Equal(exit.SpanId, entry.ParentSpanId);
        Assert.Equal(exit.SpanId.ToHexString(), reply.Traceparent.Split('-')[2]);
    }

    [Fact]
    public async Task A_call_to_a_refused_port_is_an_error_exit_span_with_the_exception()
    {
        // The probed port may be one an earlier test's server listened on: only spans started from here on count.
        var started = DateTime.UtcNow;
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new Greeter.GreeterClient(channel);
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await client.SayHelloAsync(new HelloRequest { Name = "nobody" }, cancellationToken: Token));
        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);

        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && s.StartTimeUtc >= started && Equals(s.GetTagItem(SpanTags.Peer), $"127.0.0.1:{port}")));
        Assert.Equal(SayHello, exit.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, exit.Status);
        Assert.Contains(exit.Events, e => e.Name == "exception");
    }

    /// <summary>The single client span of a call to <paramref name="server"/> and the single server span of its trace.</summary>
    private async Task<(Activity Exit, Activity Entry)> CallSpansAsync(GreeterServer server)
    {
        var exit = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer)));
        var entry = Assert.Single(await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Server && s.TraceId == exit.TraceId));

        // Nothing else in the call's trace: no second client span from HttpClient, no second server span from ASP.NET Core.
        Assert.DoesNotContain(fixture.Sink.Spans, s => s.TraceId == exit.TraceId && s != exit && s != entry && s.Kind != ActivityKind.Internal);
        return (exit, entry);
    }
}
