using Microsoft.Data.Sqlite;

namespace Shop.Inventory.Stock;

/// <summary>
/// Records returned items for the accountants. This is the shop's deliberate bug, the one the demo's error trace
/// shows: the <c>stock_returns</c> table was never created (a missing migration), so every return fails here with
/// a <see cref="SqliteException"/> ("no such table: stock_returns") and its transaction is rolled back.
/// </summary>
public sealed class StockReturnLedger
{
    public async Task RecordAsync(SqliteTransaction transaction, int productId, string orderId, int quantity, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO stock_returns (order_id, product_id, quantity, returned_at)
            VALUES (@orderId, @productId, @quantity, @returnedAt)
            """;
        command.Parameters.AddWithValue("@orderId", orderId);
        command.Parameters.AddWithValue("@productId", productId);
        command.Parameters.AddWithValue("@quantity", quantity);
        command.Parameters.AddWithValue("@returnedAt", DateTimeOffset.UtcNow.ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
