using System.Data;
using Microsoft.Data.SqlClient;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>
/// Microsoft.Data.SqlClient. No SQL Server can run here: the tests check the statement capture and the error spans of
/// a connection refused on a closed loopback port, and of commands run on the connection that never opened.
/// </summary>
public sealed class SqlClientSpanTests(PluginFixture fixture)
{
    [Fact]
    public async Task A_refused_connection_is_an_error_open_span_and_the_commands_keep_their_masked_statements()
    {
        var port = ClosedPort.Find();
        var token = TestContext.Current.CancellationToken;
        var connectionString = $"Data Source=tcp:127.0.0.1,{port};Initial Catalog=shop;User ID=sa;Password=x;Connect Timeout=1;Encrypt=false;Pooling=false;ConnectRetryCount=0";
        var spans = await fixture.Traced(async () =>
        {
            await using var connection = new SqlConnection(connectionString);
            await Assert.ThrowsAsync<SqlException>(() => connection.OpenAsync(token));
            Assert.Throws<SqlException>(connection.Open);

            await using var command = new SqlCommand("SELECT name FROM customers WHERE id = 42 AND name = N'Zoë'", connection);
            Assert.Throws<InvalidOperationException>(() => command.ExecuteReader());
            command.CommandText = "UPDATE stock SET qty = qty - 1 WHERE sku = 'A-1'";
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteNonQueryAsync(token));
            command.CommandText = "SELECT count(*) FROM [Order Lines] WHERE total > 0x10";
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync(token));
            command.CommandType = CommandType.StoredProcedure;
            command.CommandText = "dbo.PlaceOrder";
            Assert.Throws<InvalidOperationException>(() => command.ExecuteNonQuery());
        });

        var peer = $"127.0.0.1:{port}";
        Assert.Equal(6, spans.Count);
        SpanAssert.Database(spans[0], "SqlServer Open", "mssql", "SqlClient", peer, "shop", null);
        SpanAssert.Failed(spans[0], typeof(SqlException).FullName!);
        SpanAssert.Database(spans[1], "SqlServer Open", "mssql", "SqlClient", peer, "shop", null);
        SpanAssert.Failed(spans[1], typeof(SqlException).FullName!);
        SpanAssert.Database(spans[2], "SqlServer SELECT", "mssql", "SqlClient", peer, "shop", "SELECT name FROM customers WHERE id = ? AND name = ?");
        SpanAssert.Database(spans[3], "SqlServer UPDATE", "mssql", "SqlClient", peer, "shop", "UPDATE stock SET qty = qty - ? WHERE sku = ?");
        SpanAssert.Database(spans[4], "SqlServer SELECT", "mssql", "SqlClient", peer, "shop", "SELECT count(*) FROM [Order Lines] WHERE total > ?");
        SpanAssert.Database(spans[5], "SqlServer CALL", "mssql", "SqlClient", peer, "shop", "dbo.PlaceOrder");
        foreach (var span in spans.Skip(2))
        {
            SpanAssert.Failed(span, typeof(InvalidOperationException).FullName!);
        }

        Assert.All(spans, s => Assert.Equal("127.0.0.1", s.GetTagItem("server.address")));
        Assert.All(spans, s => Assert.Equal(port, s.GetTagItem("server.port")));
    }
}
