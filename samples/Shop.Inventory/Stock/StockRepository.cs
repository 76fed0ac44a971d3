using Microsoft.Data.Sqlite;
using Shop.Inventory.Data;

namespace Shop.Inventory.Stock;

/// <summary>Reads and changes stock with parameterised SQL commands.</summary>
public sealed class StockRepository(InventoryDatabase database, StockReturnLedger returns)
{
    private const string SelectProduct = "SELECT id, name, price_cents, stock FROM products";

    public async Task<IReadOnlyList<Product>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectProduct + " ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var products = new List<Product>();
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(Read(reader));
        }

        return products;
    }

    public async Task<Product?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectProduct + " WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<ReservationResult> ReserveAsync(int id, int quantity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement checks and takes the stock, so concurrent orders never oversell.
        command.CommandText = "UPDATE products SET stock = stock - @quantity WHERE id = @id AND stock >= @quantity RETURNING stock";
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@quantity", quantity);
        var remaining = await command.ExecuteScalarAsync(cancellationToken);
        if (remaining is long left)
        {
            return new ReservationResult(ReservationStatus.Reserved, (int)left);
        }

        var product = await FindAsync(id, cancellationToken);
        return product is null
            ? new ReservationResult(ReservationStatus.UnknownProduct, 0)
            : new ReservationResult(ReservationStatus.OutOfStock, product.Stock);
    }

    /// <summary>Puts back items reserved for an order that was not paid; false if the product does not exist.</summary>
    public async Task<bool> ReleaseAsync(int id, int quantity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE products SET stock = stock + @quantity WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@quantity", quantity);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Takes back the items of a refunded order and records the return, in one transaction.</summary>
    public async Task<bool> ReturnAsync(int id, string orderId, int quantity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE products SET stock = stock + @quantity WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@quantity", quantity);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }

        await returns.RecordAsync(transaction, id, orderId, quantity, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Refills every product whose stock fell under its reorder point; returns how many were refilled.</summary>
    public async Task<int> RestockAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE products SET stock = restock_level WHERE stock < reorder_point";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Product Read(SqliteDataReader reader) =>
        new(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3));
}
