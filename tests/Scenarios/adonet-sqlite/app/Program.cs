using System.Reflection;
using Microsoft.Data.Sqlite;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var connection = $"Data Source={builder.Configuration["Catalog:Database"] ?? Path.Combine(Path.GetTempPath(), $"sqlite-scenario-{Environment.ProcessId}.db")}";
var app = builder.Build();

await using (var setup = new SqliteConnection(connection))
{
    await setup.OpenAsync();
    await using var create = setup.CreateCommand();
    create.CommandText = "CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT, price REAL); INSERT OR IGNORE INTO products VALUES (3, 'lamp', 25.5);";
    await create.ExecuteNonQueryAsync();
}

app.MapGet("/", () => typeof(SqliteConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
app.MapGet("/products/{id:int}", async (int id) =>
{
    await using var db = new SqliteConnection(connection);
    await db.OpenAsync();
    await using var query = db.CreateCommand();
    query.CommandText = "SELECT name FROM products WHERE id = $id AND price > 10.5 AND name <> 'discontinued'";
    query.Parameters.AddWithValue("$id", id);
    return await query.ExecuteScalarAsync() as string ?? "none";
});
app.MapGet("/broken", async () =>
{
    await using var db = new SqliteConnection(connection);
    await db.OpenAsync();
    await using var query = db.CreateCommand();
    query.CommandText = "SELECT * FROM no_such_table";
    return await query.ExecuteScalarAsync();
});
app.Run();
