using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Sightline.Storage.Store.Sqlite;

/// <summary>
/// A multi-row INSERT prepared once on the writer connection and bound by position through SQLite's own API.
/// Through <see cref="SqliteCommand"/>, every execution looks each parameter up by name (a linear search in SQLite),
/// which made a many-row statement slower than one row per statement, and one row per statement paid the command
/// overhead a thousand times per batch; together they cost more than SQLite's own work.
/// </summary>
internal sealed class SqliteBulkInsert(string head, int columns, int rowsPerStatement) : IDisposable
{
    private sqlite3_stmt? _full;

    /// <summary>Binds one row: <c>(statement, first parameter index (1-based), row)</c>.</summary>
    public delegate void RowBinder(sqlite3_stmt statement, int first, int row);

    /// <summary>Inserts <paramref name="rows"/> rows inside the connection's current transaction.</summary>
    public void Execute(SqliteConnection connection, int rows, RowBinder bind)
    {
        var db = connection.Handle!;
        for (var offset = 0; offset < rows; offset += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows - offset);
            var statement = count == rowsPerStatement ? _full ??= Prepare(db, rowsPerStatement) : Prepare(db, count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    bind(statement, (i * columns) + 1, offset + i);
                }

                var result = raw.sqlite3_step(statement);
                if (result != raw.SQLITE_DONE)
                {
                    throw new SqliteException($"SQLite error {result}: {raw.sqlite3_errmsg(db).utf8_to_string()}", result);
                }
            }
            finally
            {
                raw.sqlite3_reset(statement);
                if (statement != _full)
                {
                    statement.Dispose();
                }
            }
        }
    }

    public void Dispose() => _full?.Dispose();

    private sqlite3_stmt Prepare(sqlite3 db, int rows)
    {
        var sql = new StringBuilder(head).Append(" VALUES ");
        var row = "(" + string.Join(',', Enumerable.Repeat("?", columns)) + ")";
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? string.Empty : ",").Append(row);
        }

        var result = raw.sqlite3_prepare_v2(db, sql.ToString(), out var statement);
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite error {result}: {raw.sqlite3_errmsg(db).utf8_to_string()}", result);
        }

        return statement;
    }
}
