using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Shop.Demo;

/// <summary>Plays a shopper against the storefront: product lookups, orders (one with a declined card), and refunds, which always fail.</summary>
public sealed class TrafficGenerator(HttpClient storefront, TextWriter output, bool interactive)
{
    public const string GoodCard = "4242424242424242";

    /// <summary>A valid card number ending in 0002: the payment service declines it.</summary>
    public const string DeclinedCard = "4000000000000002";

    private const int Products = 5;

    public async Task<TrafficSummary> SendAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var summary = new TrafficSummary();
        await LookUpAsync(options.Lookups, summary, cancellationToken);
        await OrderAsync(options.Orders, summary, cancellationToken);
        await RefundAsync(options.Refunds, summary, cancellationToken);
        foreach (var surprise in summary.Surprises.Take(5))
        {
            output.WriteLine("  unexpected answer: " + surprise);
        }

        return summary;
    }

    private async Task LookUpAsync(int count, TrafficSummary summary, CancellationToken cancellationToken)
    {
        var progress = new ProgressBar(output, "lookups", count, interactive);
        for (var i = 0; i < count; i++)
        {
            // The first lookup lists the catalogue, the others read one product each.
            var path = i == 0 ? "products" : $"products/{(i % Products) + 1}";
            using var response = await storefront.GetAsync(path, cancellationToken);
            await CountAsync(summary, i == 0 ? "GET /products" : "GET /products/{id}", response, HttpStatusCode.OK, cancellationToken);
            progress.Advance("GET /" + path);
        }

        progress.Finish("GET /products, GET /products/{id}");
    }

    private async Task OrderAsync(int count, TrafficSummary summary, CancellationToken cancellationToken)
    {
        var progress = new ProgressBar(output, "orders", count, interactive);
        for (var i = 0; i < count; i++)
        {
            // The fourth order pays with a card the payment service declines: its trace shows the stock put back.
            var declined = i == 3;
            var order = new { productId = (i % Products) + 1, quantity = 1, cardNumber = declined ? DeclinedCard : GoodCard };
            using var response = await storefront.PostAsJsonAsync("orders", order, cancellationToken);
            await CountAsync(summary, "POST /orders", response, declined ? HttpStatusCode.PaymentRequired : HttpStatusCode.Created, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var placed = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                summary.PlacedOrders.Add(placed.RootElement.GetProperty("id").GetString()!);
            }

            progress.Advance($"POST /orders → {(int)response.StatusCode}");
        }

        progress.Finish($"POST /orders: {summary.PlacedOrders.Count} paid, {count - summary.PlacedOrders.Count} not (a declined card is one)");
    }

    private async Task RefundAsync(int count, TrafficSummary summary, CancellationToken cancellationToken)
    {
        var progress = new ProgressBar(output, "refunds", count, interactive);
        foreach (var orderId in summary.PlacedOrders.Take(count))
        {
            using var response = await storefront.PostAsync($"orders/{orderId}/refund", content: null, cancellationToken);
            await CountAsync(summary, "POST /orders/{id}/refund", response, HttpStatusCode.InternalServerError, cancellationToken);
            summary.RefundedOrders.Add(orderId);
            progress.Advance($"POST /orders/{orderId}/refund → {(int)response.StatusCode}");
        }

        progress.Finish("POST /orders/{id}/refund → 500, as it always does: the inventory fails deep down");
    }

    private static async Task CountAsync(TrafficSummary summary, string route, HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        summary.Count(route, (int)response.StatusCode);
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            summary.Surprises.Add(string.Create(CultureInfo.InvariantCulture, $"{route} → {(int)response.StatusCode}, expected {(int)expected}: {(body.Length > 300 ? body[..300] + "…" : body)}"));
        }
    }
}
