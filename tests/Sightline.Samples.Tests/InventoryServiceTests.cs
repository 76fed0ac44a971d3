using System.Net;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>The inventory's HTTP API on its own, with the requests the storefront never sends.</summary>
[Collection(ShopCollection.Name)]
public sealed class InventoryServiceTests(ShopFixture shop) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = shop.Inventory.Address };

    [Theory]
    [InlineData("/products/2/reservations", """{"quantity":0}""", HttpStatusCode.BadRequest, "quantity must be between 1 and 1000")]
    [InlineData("/products/2/reservations", """{"quantity":1001}""", HttpStatusCode.BadRequest, "quantity must be between 1 and 1000")]
    [InlineData("/products/999/reservations", """{"quantity":1}""", HttpStatusCode.NotFound, "Product 999 does not exist")]
    [InlineData("/products/999/releases", """{"quantity":1}""", HttpStatusCode.NotFound, "Product 999 does not exist")]
    [InlineData("/products/2/releases", """{"quantity":-5}""", HttpStatusCode.BadRequest, "quantity must be between 1 and 1000")]
    [InlineData("/products/2/returns", """{"orderId":" ","quantity":1}""", HttpStatusCode.BadRequest, "orderId is required")]
    [InlineData("/products/999/returns", """{"orderId":"ord_x","quantity":1}""", HttpStatusCode.NotFound, "Product 999 does not exist")]
    public async Task A_bad_stock_request_gets_a_clear_error_and_changes_nothing(string path, string json, HttpStatusCode expected, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await shop.StockInDatabaseAsync(2);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(path, content, ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before, await shop.StockInDatabaseAsync(2));
    }

    public void Dispose() => _client.Dispose();
}
