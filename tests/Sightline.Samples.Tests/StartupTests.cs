using System.Net;
using System.Net.Sockets;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>How the services start: bad settings, and downstream services that are not there.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Shop__InventoryUrl", "not-a-url", "Shop:InventoryUrl 'not-a-url' is not an absolute http:// or https:// URL.")]
    [InlineData("Shop__PaymentUrl", "ftp://127.0.0.1/", "Shop:PaymentUrl 'ftp://127.0.0.1/' is not an absolute http:// or https:// URL.")]
    [InlineData("Shop__RestockIntervalSeconds", "-1", "Shop:RestockIntervalSeconds '-1' is not a number of seconds between 0 and 86400.")]
    public async Task A_bad_setting_stops_the_storefront_with_a_message_naming_the_key(string variable, string value, string message)
    {
        await using var storefront = await ServiceProcess.RunToExitAsync("Shop.Storefront", ShopApps.Storefront, ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { [variable] = value }, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, storefront.ExitCode);
        Assert.Contains(message, storefront.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_storefront_keeps_serving_while_its_background_job_cannot_reach_the_inventory()
    {
        var ct = TestContext.Current.CancellationToken;
        var nobody = $"http://127.0.0.1:{ClosedPort()}/";
        await using var storefront = await ServiceProcess.StartAsync("Shop.Storefront", ShopApps.Storefront, [],
            new Dictionary<string, string> { ["Shop__InventoryUrl"] = nobody, ["Shop__PaymentUrl"] = nobody, ["Shop__RestockIntervalSeconds"] = "0.2" }, ct);

        Assert.True(await storefront.WaitForOutputAsync("Restock failed", TimeSpan.FromSeconds(30), ct), storefront.Output);
        using var client = new HttpClient { BaseAddress = storefront.Address };
        using var home = await client.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.False(storefront.HasExited, storefront.Output);
    }

    // A port that was free a moment ago and has no listener: connections to it are refused.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
