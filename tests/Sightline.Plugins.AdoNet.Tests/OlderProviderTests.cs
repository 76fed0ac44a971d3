using System.Data.Common;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>
/// The previous major version of each provider the registry serves (Microsoft.Data.Sqlite 8, Npgsql 8), loaded into
/// their own load context beside the current ones (<see cref="OlderProviderContext"/>), traced by the same plugins.
/// </summary>
public sealed class OlderProviderTests(PluginFixture fixture)
{
    [Fact]
    public async Task Microsoft_Data_Sqlite_8_commands_are_exit_spans_like_the_current_version()
    {
        using var file = new SqliteFile();
        var version = new Version();
        object? count = null;
        var spans = await fixture.Traced(async () =>
        {
            await using var connection = OlderProviderContext.Shared.Connect("Microsoft.Data.Sqlite", "Microsoft.Data.Sqlite.SqliteConnection", file.ConnectionString, out version);
            OlderProviderContext.Run(() =>
            {
                connection.Open();
                return 0;
            });
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (a INTEGER, b TEXT)";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO t VALUES (1, 'one'), (2, 'two')";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            command.CommandText = "SELECT b FROM t WHERE a = 2";
            await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            }

            command.CommandText = "SELECT count(*) FROM t WHERE b <> 'x'";
            count = command.ExecuteScalar();
        });

        Assert.Equal(8, version.Major);
        Assert.Equal(2L, count);
        Assert.Equal(["SQLite CREATE", "SQLite INSERT", "SQLite SELECT", "SQLite SELECT"], spans.Select(s => s.DisplayName));
        SpanAssert.Database(spans[1], "SQLite INSERT", "sqlite", "Sqlite", file.Name, file.Name, "INSERT INTO t VALUES (?, ?), (?, ?)");
        SpanAssert.Database(spans[3], "SQLite SELECT", "sqlite", "Sqlite", file.Name, file.Name, "SELECT count(*) FROM t WHERE b <> ?");
    }

    [Fact]
    public async Task Npgsql_8_commands_and_open_are_exit_spans_like_the_current_version()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var token = TestContext.Current.CancellationToken;
        var version = new Version();
        var results = new List<object?>();
        var spans = await fixture.Traced(async () =>
        {
            await using DbConnection connection = OlderProviderContext.Shared.Connect("Npgsql", "Npgsql.NpgsqlConnection", database.ConnectionString, out version);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (a int, b text)";
            results.Add(await command.ExecuteNonQueryAsync(token));
            command.CommandText = "INSERT INTO t VALUES (1, 'one'), (2, 'two')";
            results.Add(command.ExecuteNonQuery());
            command.CommandText = "SELECT b FROM t WHERE a = 2";
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                results.Add(await reader.ReadAsync(token));
            }

            using (var reader = command.ExecuteReader())
            {
                results.Add(reader.Read());
            }

            command.CommandText = "SELECT count(*) FROM t WHERE b <> 'x'";
            results.Add(await command.ExecuteScalarAsync(token));
            command.CommandText = "SELECT * FROM missing WHERE a = 1";
            await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteScalarAsync(token));
        });

        Assert.Equal(8, version.Major);
        Assert.Equal<object?>([-1, 2, true, true, 2L], results);
        Assert.Equal(
            ["PostgreSQL Open", "PostgreSQL CREATE", "PostgreSQL INSERT", "PostgreSQL SELECT", "PostgreSQL SELECT", "PostgreSQL SELECT", "PostgreSQL SELECT"],
            spans.Select(s => s.DisplayName));
        SpanAssert.Database(spans[2], "PostgreSQL INSERT", "postgresql", "Npgsql", database.Peer, database.Name, "INSERT INTO t VALUES (?, ?), (?, ?)");
        SpanAssert.Failed(spans[6], "Npgsql.PostgresException");
        Assert.Equal("SELECT * FROM missing WHERE a = ?", spans[6].GetTagItem("db.query.text"));
    }
}
