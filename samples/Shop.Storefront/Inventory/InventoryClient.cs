using System.Net;

namespace Shop.Storefront.Inventory;

/// <summary>Typed HTTP client of the inventory service.</summary>
public sealed class InventoryClient(HttpClient http)
{
    public async Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<Product>>("products", cancellationToken) ?? [];

    public async Task<Product?> GetProductAsync(int id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"products/{id}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Product>(cancellationToken);
    }

    public async Task<ReservationOutcome> ReserveAsync(int id, int quantity, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"products/{id}/reservations", new { quantity }, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return ReservationOutcome.UnknownProduct;
            case HttpStatusCode.Conflict:
                return ReservationOutcome.OutOfStock;
            default:
                response.EnsureSuccessStatusCode();
                return ReservationOutcome.Reserved;
        }
    }

    public async Task ReleaseAsync(int id, int quantity, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"products/{id}/releases", new { quantity }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends the items of a refunded order back to the shelf; a failure in the inventory throws here.</summary>
    public async Task ReturnAsync(int id, string orderId, int quantity, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"products/{id}/returns", new { orderId, quantity }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<int> RestockAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("restock", content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<RestockReply>(cancellationToken);
        return reply?.Restocked ?? 0;
    }
}
