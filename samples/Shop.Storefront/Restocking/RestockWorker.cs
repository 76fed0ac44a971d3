using Shop.Storefront.Inventory;

namespace Shop.Storefront.Restocking;

/// <summary>The storefront's background job: every <c>Shop:RestockIntervalSeconds</c> asks the inventory to refill low stock.</summary>
public sealed class RestockWorker(IServiceScopeFactory scopes, StorefrontOptions options, ILogger<RestockWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RestockInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // A scope per run: typed HttpClients are meant to be short-lived.
                await using var scope = scopes.CreateAsyncScope();
                var restocked = await scope.ServiceProvider.GetRequiredService<InventoryClient>().RestockAsync(stoppingToken);
                if (restocked > 0)
                {
                    logger.LogInformation("Restocked {Count} products", restocked);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The job must never stop the shop: an inventory that is down or slow is tried again next tick.
                logger.LogWarning(e, "Restock failed; trying again in {Interval}", options.RestockInterval);
            }
        }
    }
}
