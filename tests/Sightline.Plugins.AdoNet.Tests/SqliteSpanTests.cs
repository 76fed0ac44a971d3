using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>Microsoft.Data.Sqlite (the version this project references) against a real database file.</summary>
public sealed class SqliteSpanTests(PluginFixture fixture)
{
    [Fact]
    public async Task Each_sync_command_is_one_exit_span_with_its_masked_statement()
    {
        using var file = new SqliteFile();
        object? count = null;
        var names = new List<string>();
        var spans = await fixture.Traced(() =>
        {
            using var connection = new SqliteConnection(file.ConnectionString);
            connection.Open();
            Execute(connection, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)", c => c.ExecuteNonQuery());
            Execute(connection, "INSERT INTO orders (id, customer, total) VALUES (1, 'O''Brien', 12.5), (2, 'Zoë', -3)", c => c.ExecuteNonQuery());
            Execute(connection, "SELECT customer FROM orders WHERE total > 10 AND customer <> 'x'", c =>
            {
                using var reader = c.ExecuteReader();
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }
            });
            Execute(connection, "SELECT count(*) FROM orders WHERE id IN (1, 2)", c => count = c.ExecuteScalar());
            return Task.CompletedTask;
        });

        Assert.Equal(["O'Brien"], names);
        Assert.Equal(2L, count);
        Assert.Equal(4, spans.Count);
        SpanAssert.Database(spans[0], "SQLite CREATE", "sqlite", "Sqlite", file.Name, file.Name, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)");
        SpanAssert.Database(spans[1], "SQLite INSERT", "sqlite", "Sqlite", file.Name, file.Name, "INSERT INTO orders (id, customer, total) VALUES (?, ?, ?), (?, ?, ?)");
        SpanAssert.Database(spans[2], "SQLite SELECT", "sqlite", "Sqlite", file.Name, file.Name, "SELECT customer FROM orders WHERE total > ? AND customer <> ?");
        SpanAssert.Database(spans[3], "SQLite SELECT", "sqlite", "Sqlite", file.Name, file.Name, "SELECT count(*) FROM orders WHERE id IN (?, ?)");
        Assert.All(spans, SpanAssert.Ok);
        Assert.All(spans, s => Assert.Null(s.GetTagItem("server.address")));
    }

    [Fact]
    public async Task Async_commands_through_DbCommand_are_one_span_each()
    {
        using var file = new SqliteFile();
        var token = TestContext.Current.CancellationToken;
        object? total = null;
        var rows = 0;
        var spans = await fixture.Traced(async () =>
        {
            await using DbConnection connection = new SqliteConnection(file.ConnectionString);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE items (sku TEXT, qty INTEGER)";
            await command.ExecuteNonQueryAsync(token);
            command.CommandText = "INSERT INTO items VALUES ('A-1', 5)";
            await command.ExecuteNonQueryAsync(token);
            command.CommandText = "SELECT sku FROM items";
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    rows++;
                }
            }

            command.CommandText = "SELECT sum(qty) FROM items";
            total = await command.ExecuteScalarAsync(token);
        });

        Assert.Equal(1, rows);
        Assert.Equal(5L, total);
        Assert.Equal(["SQLite CREATE", "SQLite INSERT", "SQLite SELECT", "SQLite SELECT"], spans.Select(s => s.DisplayName));
        Assert.Equal("INSERT INTO items VALUES (?, ?)", spans[1].GetTagItem("db.query.text"));
    }

    [Fact]
    public async Task A_failing_statement_is_an_error_span_with_the_exception()
    {
        using var file = new SqliteFile();
        var spans = await fixture.Traced(() =>
        {
            using var connection = new SqliteConnection(file.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM missing_table WHERE id = 7";
            Assert.Throws<SqliteException>(() => command.ExecuteReader());
            return Task.CompletedTask;
        });

        var span = Assert.Single(spans);
        SpanAssert.Database(span, "SQLite SELECT", "sqlite", "Sqlite", file.Name, file.Name, "SELECT * FROM missing_table WHERE id = ?");
        SpanAssert.Failed(span, typeof(SqliteException).FullName!);
    }

    [Fact]
    public async Task Without_an_active_trace_a_command_still_starts_its_own_span_and_never_fails()
    {
        using var file = new SqliteFile();
        using var connection = new SqliteConnection(file.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 'untraced-" + Guid.NewGuid().ToString("N") + "'";
        Assert.StartsWith("untraced-", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.Contains(fixture.Sink.Spans, s => s.DisplayName == "SQLite SELECT" && (string?)s.GetTagItem("db.query.text") == "SELECT ?" && s.ParentSpanId == default);
    }

    private static void Execute(SqliteConnection connection, string sql, Action<SqliteCommand> run)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        run(command);
    }
}
