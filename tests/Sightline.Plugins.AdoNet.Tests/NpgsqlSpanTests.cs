using System.Data.Common;
using Npgsql;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>Npgsql (the version this project references) against a real PostgreSQL server.</summary>
public sealed class NpgsqlSpanTests(PluginFixture fixture)
{
    [Fact]
    public async Task Sync_and_async_commands_are_one_exit_span_each_with_server_database_and_masked_statement()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var token = TestContext.Current.CancellationToken;
        var results = new List<object?>();
        var spans = await fixture.Traced(async () =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric)";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO orders VALUES (1, 'Ann', 12.50), (2, E'O\\'Neil', -3)";
            results.Add(await command.ExecuteNonQueryAsync(token));
            command.CommandText = "SELECT customer FROM orders WHERE total > 10 AND customer <> $$x$$";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    results.Add(reader.GetString(0));
                }
            }

            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    results.Add(reader.GetString(0));
                }
            }

            // Through the base class, as Dapper and EF Core call it.
            await using (var reader = await ((DbCommand)command).ExecuteReaderAsync(token))
            {
                results.Add(await reader.ReadAsync(token));
            }

            command.CommandText = "SELECT count(*) FROM orders WHERE id = ANY(ARRAY[1, 2])";
            results.Add(command.ExecuteScalar());
            results.Add(await command.ExecuteScalarAsync(token));
        });

        Assert.Equal<object?>([2, "Ann", "Ann", true, 2L, 2L], results);
        Assert.Equal(
            ["PostgreSQL Open", "PostgreSQL CREATE", "PostgreSQL INSERT", "PostgreSQL SELECT", "PostgreSQL SELECT", "PostgreSQL SELECT", "PostgreSQL SELECT", "PostgreSQL SELECT"],
            spans.Select(s => s.DisplayName));
        Assert.Null(spans[0].GetTagItem("db.query.text"));
        SpanAssert.Database(spans[2], "PostgreSQL INSERT", "postgresql", "Npgsql", database.Peer, database.Name, "INSERT INTO orders VALUES (?, ?, ?), (?, ?, ?)");
        SpanAssert.Database(spans[3], "PostgreSQL SELECT", "postgresql", "Npgsql", database.Peer, database.Name, "SELECT customer FROM orders WHERE total > ? AND customer <> ?");
        SpanAssert.Database(spans[7], "PostgreSQL SELECT", "postgresql", "Npgsql", database.Peer, database.Name, "SELECT count(*) FROM orders WHERE id = ANY(ARRAY[?, ?])");
        Assert.All(spans, SpanAssert.Ok);
        Assert.All(spans, s => Assert.Equal("127.0.0.1", s.GetTagItem("server.address")));
        Assert.All(spans, s => Assert.Equal(5432, s.GetTagItem("server.port")));
    }

    [Fact]
    public async Task A_failing_statement_and_a_cancelled_one_are_error_spans()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var token = TestContext.Current.CancellationToken;
        var spans = await fixture.Traced(async () =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM missing_table WHERE id = 7";
            await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteReaderAsync(token));
            command.CommandText = "SELECT pg_sleep(30)";
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.ExecuteNonQueryAsync(cancel.Token));
        });

        Assert.Equal(3, spans.Count);
        SpanAssert.Database(spans[1], "PostgreSQL SELECT", "postgresql", "Npgsql", database.Peer, database.Name, "SELECT * FROM missing_table WHERE id = ?");
        SpanAssert.Failed(spans[1], typeof(PostgresException).FullName!);
        Assert.Equal("SELECT pg_sleep(?)", spans[2].GetTagItem("db.query.text"));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, spans[2].Status);
    }

    [Fact]
    public async Task A_refused_connection_is_an_error_open_span_naming_the_server()
    {
        var port = ClosedPort.Find();
        var spans = await fixture.Traced(async () =>
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=shop;Username=x;Password=y;Timeout=2;Pooling=false");
            await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));
        });

        var span = Assert.Single(spans);
        SpanAssert.Database(span, "PostgreSQL Open", "postgresql", "Npgsql", $"127.0.0.1:{port}", "shop", null);
        SpanAssert.Failed(span, typeof(NpgsqlException).FullName!);
    }
}
