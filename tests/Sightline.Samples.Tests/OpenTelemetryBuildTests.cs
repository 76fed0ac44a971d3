using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>Issue 13's configuration C: the same storefront code built with <c>-p:ShopOpenTelemetry=true</c>.</summary>
[Collection(ShopCollection.Name)]
public sealed class OpenTelemetryBuildTests(ShopFixture shop)
{
    [Fact]
    public void Only_the_opentelemetry_build_carries_the_sdk()
    {
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(ShopApps.Storefront)!, "OpenTelemetry.dll")));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(ShopApps.OpenTelemetryStorefront)!, "OpenTelemetry.dll")));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(ShopApps.OpenTelemetryStorefront)!, "OpenTelemetry.Exporter.OpenTelemetryProtocol.dll")));
    }

    [Fact]
    public async Task The_opentelemetry_build_places_orders_the_same_and_exports_its_server_and_client_spans_over_otlp()
    {
        var ct = TestContext.Current.CancellationToken;
        using var receiver = new OtlpHttpReceiver();
        await using var storefront = await ServiceProcess.StartAsync("Shop.Storefront (OpenTelemetry)", ShopApps.OpenTelemetryStorefront, [], new Dictionary<string, string>
        {
            ["Shop__InventoryUrl"] = shop.Inventory.Address.ToString(),
            ["Shop__PaymentUrl"] = shop.Payment.Address.ToString(),
            ["Shop__RestockIntervalSeconds"] = "3600",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        }, ct);
        using var client = new HttpClient { BaseAddress = storefront.Address };

        using var placed = await client.PostAsJsonAsync("/orders", new { productId = 1, quantity = 1, cardNumber = "4242424242424242" }, ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        // Protobuf keeps strings as UTF-8: the exported spans name the service, the route and both outgoing calls.
        string[] expected = ["Shop.Storefront", "/orders", "/reservations", "/shop.payment.v1.Payments/Charge"];
        var waited = Stopwatch.StartNew();
        string exported;
        while (true)
        {
            exported = string.Join("\n", receiver.Bodies("/v1/traces").Select(b => Encoding.UTF8.GetString(b)));
            if (expected.All(e => exported.Contains(e, StringComparison.Ordinal)))
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"Exported so far:\n{exported}\n{storefront.Output}");
            await Task.Delay(100, ct);
        }
    }
}
