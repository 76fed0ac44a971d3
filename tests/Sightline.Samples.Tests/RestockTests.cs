using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>The storefront's background job (RestockWorker), against the real inventory.</summary>
[Collection(ShopCollection.Name)]
public sealed class RestockTests(ShopFixture shop)
{
    [Fact]
    public async Task The_background_job_refills_a_product_that_fell_under_its_reorder_point()
    {
        var ct = TestContext.Current.CancellationToken;
        // The hand grinder: 15 in stock, refilled to 15 under 3. Selling 13 leaves 2.
        Assert.Equal(15, await shop.StockInDatabaseAsync(5));
        using var placed = await shop.Client.PostAsJsonAsync("/orders", new { productId = 5, quantity = 13, cardNumber = "4242424242424242" }, ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        // Nothing but the job adds stock to a product that has not been refunded.
        var waited = Stopwatch.StartNew();
        while (await shop.StockInDatabaseAsync(5) != 15)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The restock job did not refill product 5.\n" + shop.Logs());
            await Task.Delay(100, ct);
        }

        Assert.True(await shop.Storefront.WaitForOutputAsync("Restocked 1 products", TimeSpan.FromSeconds(10), ct), shop.Logs());
    }
}
