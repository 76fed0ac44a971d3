using System.Net;
using Sightline.Storage.Hosting;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests;

/// <summary>The storage server as users start it: a real Kestrel host on loopback.</summary>
public sealed class StorageHostTests
{
    [Fact]
    public async Task Server_answers_health_on_an_ephemeral_loopback_port()
    {
        await using var server = await RunningServer.StartAsync("sqlite");

        var response = await server.Http.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", server.Endpoints.QueryUrl.Host);
        Assert.NotEqual(0, server.Endpoints.GrpcUrl.Port);
        Assert.Equal(4, new[] { server.Endpoints.QueryUrl, server.Endpoints.GrpcUrl, server.Endpoints.OtlpGrpcUrl, server.Endpoints.OtlpHttpUrl }.Distinct().Count());
    }

    [Fact]
    public void Defaults_are_loopback_and_the_usual_jaeger_and_otlp_ports()
    {
        var options = new StorageOptions();
        Assert.StartsWith("http://127.0.0.1:", StorageHost.DefaultUrl, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", options.ListenAddress);
        Assert.Equal((16686, 4317, 4318, 17271), (options.QueryPort, options.OtlpGrpcPort, options.OtlpHttpPort, options.GrpcPort));
        Assert.Equal("sqlite", options.Backend);
    }

    [Fact]
    public void An_unknown_backend_is_refused_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageHost.CreateStore(new StorageOptions { Backend = "cassandra" }));
        Assert.Contains("cassandra", error.Message, StringComparison.Ordinal);
    }
}
