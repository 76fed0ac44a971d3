using System.Net;
using Microsoft.AspNetCore.Builder;

namespace Sightline.Storage.Tests;

/// <summary>The storage server as users start it: a real Kestrel host on loopback.</summary>
public sealed class StorageHostTests
{
    [Fact]
    public async Task Server_answers_health_on_an_ephemeral_loopback_port()
    {
        await using var app = StorageHost.Build(["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Urls.Single();

        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(new Uri(address), "/healthz"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Default_address_is_loopback_only()
    {
        Assert.StartsWith("http://127.0.0.1:", StorageHost.DefaultUrl, StringComparison.Ordinal);
    }
}
