using Npgsql;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>
/// A fresh, uniquely named database on the PostgreSQL server that <c>.ci/install.d/postgresql.sh</c> sets up (or the
/// one <c>SIGHTLINE_TEST_POSTGRES</c> names, as Sightline.Storage.Tests does), dropped afterwards. The test is skipped,
/// saying why, only when no server answers.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "SIGHTLINE_TEST_POSTGRES";
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Timeout=5";

    private readonly string _admin;

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Peer = $"{builder.Host}:{builder.Port}";
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public string Peer { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var token = TestContext.Current.CancellationToken;
        var admin = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;
        var name = "sightline_adonet_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync(token);
            // The name is made of hex digits here, never of input: safe in DDL.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(token);
        }
        catch (NpgsqlException ex)
        {
            Assert.Skip($"No PostgreSQL server reachable ({ex.Message}). Run .ci/install.d/postgresql.sh as root, or set {EnvironmentVariable} to a connection string.");
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
        return new PostgresDatabase(admin, name, builder.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
