namespace Shop.Inventory.Data;

/// <summary>Creates the products table on start and seeds the catalogue; existing stock is kept across restarts.</summary>
public sealed class InventorySchema(InventoryDatabase database, ILogger<InventorySchema> logger)
{
    // Columns: id, name, price in cents, stock, the level under which the restock job refills, the level it refills to.
    private static readonly (int Id, string Name, long PriceCents, int Stock, int ReorderPoint, int RestockLevel)[] Catalogue =
    [
        (1, "Espresso beans 1 kg", 1890, 100, 10, 100),
        (2, "Pour-over kettle", 4500, 40, 5, 40),
        (3, "Ceramic mug", 1200, 200, 20, 200),
        (4, "Paper filters (100)", 450, 500, 50, 500),
        (5, "Hand grinder", 8900, 15, 3, 15),
    ];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // Readers do not wait for the writer.
            pragma.CommandText = "PRAGMA journal_mode = WAL";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS products (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    price_cents INTEGER NOT NULL,
                    stock INTEGER NOT NULL CHECK (stock >= 0),
                    reorder_point INTEGER NOT NULL,
                    restock_level INTEGER NOT NULL)
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = connection.BeginTransaction();
        var seeded = 0;
        foreach (var product in Catalogue)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO products (id, name, price_cents, stock, reorder_point, restock_level)
                VALUES (@id, @name, @price, @stock, @reorder, @restock)
                """;
            insert.Parameters.AddWithValue("@id", product.Id);
            insert.Parameters.AddWithValue("@name", product.Name);
            insert.Parameters.AddWithValue("@price", product.PriceCents);
            insert.Parameters.AddWithValue("@stock", product.Stock);
            insert.Parameters.AddWithValue("@reorder", product.ReorderPoint);
            insert.Parameters.AddWithValue("@restock", product.RestockLevel);
            seeded += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Inventory database {Path} ready; {Seeded} products seeded", database.Path, seeded);
    }
}
