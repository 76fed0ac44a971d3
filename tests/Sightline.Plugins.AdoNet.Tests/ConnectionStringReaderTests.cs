namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>Peer, server and database from each provider's connection string; bad strings never throw.</summary>
public sealed class ConnectionStringReaderTests
{
    [Theory]
    [InlineData("Data Source=/var/data/orders.db", "orders.db")]
    [InlineData("Filename=shop.sqlite;Mode=ReadOnly", "shop.sqlite")]
    [InlineData("DataSource=C:\\data\\win.db", "win.db")]
    [InlineData("Data Source=:memory:", "memory")]
    [InlineData("Data Source=file:cache.db?mode=memory&cache=shared", "cache.db")]
    [InlineData("Mode=Memory", "memory")]
    public void Sqlite_peer_and_database_are_the_file_name(string connectionString, string name)
    {
        var target = ConnectionStringReader.Sqlite(connectionString);
        Assert.Equal(new ConnectionTarget(name, null, 0, name), target);
    }

    [Theory]
    [InlineData("Host=db.internal;Port=6432;Database=shop;Username=u;Password=secret", "db.internal", 6432, "shop")]
    [InlineData("Server=10.0.0.5;Database=orders", "10.0.0.5", 5432, "orders")]
    [InlineData("Host=primary:5433,replica:5434;Database=a", "primary", 5433, "a")]
    [InlineData("Host=/var/run/postgresql;Username=u", "/var/run/postgresql", 5432, null)]
    [InlineData("Username=u", "localhost", 5432, null)]
    [InlineData("Host=h;Port=99999", "h", 5432, null)]
    public void Npgsql_host_port_and_database(string connectionString, string host, int port, string? database) =>
        Assert.Equal(new ConnectionTarget($"{host}:{port}", host, port, database), ConnectionStringReader.Npgsql(connectionString));

    [Theory]
    [InlineData("Data Source=tcp:sql.internal,14330;Initial Catalog=shop;User ID=sa;Password=x", "sql.internal", 14330, "shop")]
    [InlineData("Server=sql.internal\\SQLEXPRESS;Database=orders", "sql.internal", 1433, "orders")]
    [InlineData("Address=(local);Initial Catalog=a", "localhost", 1433, "a")]
    [InlineData("Data Source=.", "localhost", 1433, null)]
    [InlineData("Data Source=np:host2", "host2", 1433, null)]
    public void SqlClient_data_source_and_catalog(string connectionString, string host, int port, string? database) =>
        Assert.Equal(new ConnectionTarget($"{host}:{port}", host, port, database), ConnectionStringReader.SqlClient(connectionString));

    [Theory]
    [InlineData("Data Source='unclosed")]
    [InlineData("=;=;")]
    [InlineData("no equals sign at all")]
    public void A_malformed_connection_string_names_an_unknown_peer(string connectionString)
    {
        Assert.Equal(ConnectionTarget.Unknown, ConnectionStringReader.Sqlite(connectionString));
        Assert.Equal(ConnectionTarget.Unknown, ConnectionStringReader.Npgsql(connectionString));
        Assert.Equal(ConnectionTarget.Unknown, ConnectionStringReader.SqlClient(connectionString));
    }
}
