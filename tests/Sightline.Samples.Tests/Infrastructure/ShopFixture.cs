using Microsoft.Data.Sqlite;

namespace Sightline.Samples.Tests.Infrastructure;

/// <summary>
/// The whole shop running as three child processes on free loopback ports, with the inventory's SQLite file in a
/// temporary folder; every process is killed (with its children) and the folder removed at the end, pass or fail.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-shop-").FullName;
    private readonly List<ServiceProcess> _services = [];

    internal ServiceProcess Inventory { get; private set; } = null!;

    internal ServiceProcess Payment { get; private set; } = null!;

    internal ServiceProcess Storefront { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string DatabasePath => Path.Combine(_folder, "inventory.db");

    public async ValueTask InitializeAsync()
    {
        // Backstop for a test host that exits without disposing fixtures: no service may outlive it.
        AppDomain.CurrentDomain.ProcessExit += KillAll;
        var ct = TestContext.Current.CancellationToken;
        var none = new Dictionary<string, string>();
        try
        {
            // The two downstream services start side by side; the storefront needs their ports.
            var inventory = ServiceProcess.StartAsync("Shop.Inventory", ShopApps.Inventory, ["--Shop:DatabasePath", DatabasePath], none, ct);
            var payment = ServiceProcess.StartAsync("Shop.Payment", ShopApps.Payment, [], none, ct);
            try
            {
                await Task.WhenAll(inventory, payment);
            }
            finally
            {
                foreach (var started in new[] { inventory, payment }.Where(t => t.IsCompletedSuccessfully))
                {
                    Track(started.Result);
                }
            }

            Inventory = inventory.Result;
            Payment = payment.Result;
            Storefront = Track(await ServiceProcess.StartAsync("Shop.Storefront", ShopApps.Storefront, [], new Dictionary<string, string>
            {
                ["Shop__InventoryUrl"] = Inventory.Address.ToString(),
                ["Shop__PaymentUrl"] = Payment.Address.ToString(),
                ["Shop__RestockIntervalSeconds"] = "0.5",
            }, ct));
            Client = new HttpClient { BaseAddress = Storefront.Address, Timeout = TimeSpan.FromSeconds(30) };
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The stock of a product, read straight from the inventory's SQLite file.</summary>
    public async Task<long> StockInDatabaseAsync(int productId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT stock FROM products WHERE id = @id";
        command.Parameters.AddWithValue("@id", productId);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Every service's console output, for a failure message.</summary>
    public string Logs() => string.Join("\n", _services.Select(s => $"----- {s.Name}\n{s.Output}"));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        _services.Clear();
        AppDomain.CurrentDomain.ProcessExit -= KillAll;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not hide the test result; the folder is in temp.
        }
    }

    private ServiceProcess Track(ServiceProcess service)
    {
        _services.Add(service);
        return service;
    }

    private void KillAll(object? sender, EventArgs e)
    {
        foreach (var service in _services)
        {
            service.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
