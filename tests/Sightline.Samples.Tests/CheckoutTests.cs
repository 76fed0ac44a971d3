using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>Checkout through the three services: storefront → inventory (SQLite) → payment (gRPC).</summary>
[Collection(ShopCollection.Name)]
public sealed class CheckoutTests(ShopFixture shop)
{
    private const string GoodCard = "4242424242424242";

    [Fact]
    public async Task Placing_an_order_takes_the_stock_in_sqlite_charges_over_grpc_and_returns_the_paid_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await shop.StockInDatabaseAsync(1);

        using var response = await shop.Client.PostAsJsonAsync("/orders", new { productId = 1, quantity = 2, cardNumber = GoodCard }, ct);

        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}\n{shop.Logs()}");
        using var order = JsonDocument.Parse(body);
        var id = order.RootElement.GetProperty("id").GetString()!;
        Assert.Equal("Paid", order.RootElement.GetProperty("status").GetString());
        Assert.Equal(2 * 1890, order.RootElement.GetProperty("amountCents").GetInt64());
        // Only the payment service hands out pay_ ids: the gRPC call happened and was approved.
        Assert.StartsWith("pay_", order.RootElement.GetProperty("paymentId").GetString(), StringComparison.Ordinal);
        Assert.Equal(before - 2, await shop.StockInDatabaseAsync(1));
        Assert.Equal($"/orders/{id}", response.Headers.Location?.OriginalString);

        using var stored = await shop.Client.GetAsync($"/orders/{id}", ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Contains(id, await stored.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalogue_comes_from_the_inventory_database()
    {
        var ct = TestContext.Current.CancellationToken;

        using var products = JsonDocument.Parse(await shop.Client.GetStringAsync("/products", ct));
        using var one = JsonDocument.Parse(await shop.Client.GetStringAsync("/products/3", ct));
        using var missing = await shop.Client.GetAsync("/products/999", ct);

        Assert.Equal(5, products.RootElement.GetArrayLength());
        Assert.Equal("Ceramic mug", one.RootElement.GetProperty("name").GetString());
        Assert.Equal(await shop.StockInDatabaseAsync(3), one.RootElement.GetProperty("stock").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_declined_card_answers_402_and_puts_the_reserved_stock_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await shop.StockInDatabaseAsync(3);

        using var response = await shop.Client.PostAsJsonAsync("/orders", new { productId = 3, quantity = 4, cardNumber = "4000000000000002" }, ct);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Contains("insufficient funds", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before, await shop.StockInDatabaseAsync(3));
    }

    [Fact]
    public async Task A_card_rejected_by_the_payment_service_answers_400_with_its_reason_and_loses_no_stock()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await shop.StockInDatabaseAsync(3);

        using var luhn = await shop.Client.PostAsJsonAsync("/orders", new { productId = 3, quantity = 1, cardNumber = "4242424242424241" }, ct);
        using var letters = await shop.Client.PostAsJsonAsync("/orders", new { productId = 3, quantity = 1, cardNumber = "4242-abcd-4242" }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, luhn.StatusCode);
        Assert.Contains("Luhn", await luhn.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        Assert.Contains("12 to 19 digits", await letters.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before, await shop.StockInDatabaseAsync(3));
    }

    [Theory]
    [InlineData(999, 1, GoodCard, HttpStatusCode.NotFound, "Product 999 does not exist")]
    [InlineData(2, 0, GoodCard, HttpStatusCode.BadRequest, "quantity must be between 1 and 100")]
    [InlineData(2, 101, GoodCard, HttpStatusCode.BadRequest, "quantity must be between 1 and 100")]
    [InlineData(2, 1, "", HttpStatusCode.BadRequest, "cardNumber is required")]
    [InlineData(2, 100, GoodCard, HttpStatusCode.Conflict, "Not enough of product 2")]
    public async Task A_bad_order_gets_a_clear_error_and_changes_no_stock(int productId, int quantity, string card, HttpStatusCode expected, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await shop.StockInDatabaseAsync(2);

        using var response = await shop.Client.PostAsJsonAsync("/orders", new { productId, quantity, cardNumber = card }, ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(before, await shop.StockInDatabaseAsync(2));
    }

    [Fact]
    public async Task An_order_body_that_is_not_json_answers_400()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await shop.Client.PostAsync("/orders", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
