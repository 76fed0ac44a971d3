using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>The shop's deliberate failure: a refund fails deep in the inventory, in a SQLite command.</summary>
[Collection(ShopCollection.Name)]
public sealed class RefundFailureTests(ShopFixture shop)
{
    [Fact]
    public async Task Refunding_an_order_answers_500_from_the_sqlite_error_thrown_deep_in_the_inventory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var placed = await shop.Client.PostAsJsonAsync("/orders", new { productId = 4, quantity = 3, cardNumber = "4242424242424242" }, ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync(ct));
        var id = order.RootElement.GetProperty("id").GetString();
        var stockAfterOrder = await shop.StockInDatabaseAsync(4);

        using var refund = await shop.Client.PostAsync($"/orders/{id}/refund", content: null, ct);

        Assert.Equal(HttpStatusCode.InternalServerError, refund.StatusCode);
        // The inventory threw the SqliteException from the INSERT in StockReturnLedger.RecordAsync...
        Assert.True(await shop.Inventory.WaitForOutputAsync("StockReturnLedger.RecordAsync", TimeSpan.FromSeconds(10), ct), shop.Logs());
        var inventoryLog = shop.Inventory.Output;
        Assert.Contains("Microsoft.Data.Sqlite.SqliteException", inventoryLog, StringComparison.Ordinal);
        Assert.Contains("no such table: stock_returns", inventoryLog, StringComparison.Ordinal);
        // ...and the storefront failed because the inventory answered 500.
        Assert.True(await shop.Storefront.WaitForOutputAsync("System.Net.Http.HttpRequestException", TimeSpan.FromSeconds(10), ct), shop.Logs());
        Assert.Contains("500 (Internal Server Error)", shop.Storefront.Output, StringComparison.Ordinal);
        // The return's transaction rolled back, and the order is still paid.
        Assert.Equal(stockAfterOrder, await shop.StockInDatabaseAsync(4));
        Assert.Contains("\"Paid\"", await shop.Client.GetStringAsync($"/orders/{id}", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refunding_an_unknown_order_answers_404()
    {
        using var refund = await shop.Client.PostAsync("/orders/ord_unknown/refund", content: null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, refund.StatusCode);
    }
}
