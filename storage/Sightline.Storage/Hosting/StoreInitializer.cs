using Sightline.Storage.Store;

namespace Sightline.Storage.Hosting;

/// <summary>Creates or migrates the schema before the server accepts requests (hosted services start first).</summary>
public sealed class StoreInitializer(ISpanStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
