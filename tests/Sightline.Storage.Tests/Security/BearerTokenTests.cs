using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Jaeger.Storage.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Tests.Api;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Security;

/// <summary>With a bearer token configured, reads and writes without it are refused on every API.</summary>
public sealed class BearerTokenTests
{
    private const string Token = "s3cret-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grpc_calls_need_the_bearer_token_metadata_jaeger_sends()
    {
        await using var server = await RunningServer.StartAsync("sqlite", o => o.BearerToken = Token);
        var request = OtlpIngestTests.Request("secure-service", 1);

        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await new TraceService.TraceServiceClient(server.JaegerChannel()).ExportAsync(request, cancellationToken: Ct));
        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await new SpanReaderPlugin.SpanReaderPluginClient(server.JaegerChannel("wrong")).GetServicesAsync(new GetServicesRequest(), cancellationToken: Ct));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Empty(await server.Store.GetServicesAsync(Ct));

        await new TraceService.TraceServiceClient(server.JaegerChannel(Token)).ExportAsync(request, cancellationToken: Ct);
        var services = await new SpanReaderPlugin.SpanReaderPluginClient(server.JaegerChannel(Token)).GetServicesAsync(new GetServicesRequest(), cancellationToken: Ct);
        Assert.Equal(["secure-service"], services.Services);
    }

    [Fact]
    public async Task Http_query_and_otlp_need_the_authorization_header_but_health_does_not()
    {
        await using var server = await RunningServer.StartAsync("sqlite", o => o.BearerToken = Token);
        using var otlp = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };
        var body = new ByteArrayContent(Google.Protobuf.MessageExtensions.ToByteArray(OtlpIngestTests.Request("secure-service", 1)));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("/api/services", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otlp.PostAsync("/v1/traces", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/healthz", Ct)).StatusCode);
        Assert.Empty(await server.Store.GetServicesAsync(Ct));

        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        otlp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await otlp.PostAsync("/v1/traces", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/services", Ct)).StatusCode);
    }
}
