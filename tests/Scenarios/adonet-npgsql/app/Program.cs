using System.Reflection;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();

// A database of its own on the server .ci/install.d/postgresql.sh runs (or the one Postgres:ConnectionString names),
// created at start and dropped at exit, so runs never see each other's rows.
var admin = builder.Configuration["Postgres:ConnectionString"] is { Length: > 0 } configured
    ? configured
    : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Timeout=5";
var database = "sightline_npgsql_" + Guid.NewGuid().ToString("N")[..12];
var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
var app = builder.Build();

await using (var server = new NpgsqlConnection(admin))
{
    await server.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", server);
    await create.ExecuteNonQueryAsync();
}

await using (var setup = new NpgsqlConnection(connection))
{
    await setup.OpenAsync();
    await using var table = new NpgsqlCommand("CREATE TABLE orders (id integer PRIMARY KEY, item text NOT NULL, price numeric NOT NULL)", setup);
    await table.ExecuteNonQueryAsync();
}

app.Lifetime.ApplicationStopped.Register(() =>
{
    NpgsqlConnection.ClearAllPools();
    using var server = new NpgsqlConnection(admin);
    server.Open();
    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", server);
    drop.ExecuteNonQuery();
});

app.MapGet("/", () => typeof(NpgsqlConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

// The synchronous methods: Open, ExecuteNonQuery, ExecuteScalar, ExecuteReader.
app.MapGet("/orders/{id}/sync", (int id) =>
{
    using var db = new NpgsqlConnection(connection);
    db.Open();
    using var insert = new NpgsqlCommand("INSERT INTO orders (id, item, price) VALUES (@id, 'lamp', 25.5) ON CONFLICT DO NOTHING", db);
    insert.Parameters.AddWithValue("id", id);
    insert.ExecuteNonQuery();
    using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE price > 10", db);
    var orders = (long)count.ExecuteScalar()!;
    using var query = new NpgsqlCommand("SELECT item FROM orders WHERE id = @id AND item <> 'gone'", db);
    query.Parameters.AddWithValue("id", id);
    using var reader = query.ExecuteReader();
    return reader.Read() ? $"{reader.GetString(0)} ({orders})" : "none";
});

// The asynchronous ones, which Npgsql implements with its own asynchronous I/O.
app.MapGet("/orders/{id}/async", async (int id) =>
{
    await using var db = new NpgsqlConnection(connection);
    await db.OpenAsync();
    await using var insert = new NpgsqlCommand("INSERT INTO orders (id, item, price) VALUES (@id, 'desk', 140) ON CONFLICT DO NOTHING", db);
    insert.Parameters.AddWithValue("id", id);
    await insert.ExecuteNonQueryAsync();
    await using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE price > 10", db);
    var orders = (long)(await count.ExecuteScalarAsync())!;
    await using var query = new NpgsqlCommand("SELECT item FROM orders WHERE id = @id AND item <> 'gone'", db);
    query.Parameters.AddWithValue("id", id);
    await using var reader = await query.ExecuteReaderAsync();
    return await reader.ReadAsync() ? $"{reader.GetString(0)} ({orders})" : "none";
});

app.MapGet("/broken", async () =>
{
    await using var db = new NpgsqlConnection(connection);
    await db.OpenAsync();
    await using var query = new NpgsqlCommand("SELECT * FROM no_such_table WHERE id = 7", db);
    return await query.ExecuteScalarAsync();
});
app.Run();
