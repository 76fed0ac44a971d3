using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Data.SqlClient;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapGet("/", () => typeof(SqlConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

// No SQL Server runs here: the connection goes to a loopback port nothing listens on, so Open is refused, and the
// command then runs on a connection that never opened. Both must be error Exit spans; the command's carries the
// masked statement.
app.MapGet("/products/{id}/sync", (int id) =>
{
    using var db = new SqlConnection(ConnectionString());
    using var query = new SqlCommand("SELECT name FROM products WHERE id = @id AND price > 10.5 AND name <> N'gone'", db);
    query.Parameters.AddWithValue("@id", id);
    var failures = new List<string>();
    try
    {
        db.Open();
    }
    catch (SqlException ex)
    {
        failures.Add(ex.GetType().Name);
    }

    try
    {
        using var reader = query.ExecuteReader();
    }
    catch (InvalidOperationException ex)
    {
        failures.Add(ex.GetType().Name);
    }

    return Results.Problem(string.Join(", ", failures), statusCode: 503);
});

app.MapGet("/products/{id}/async", async (int id) =>
{
    await using var db = new SqlConnection(ConnectionString());
    await using var update = new SqlCommand("UPDATE products SET price = 12.75 WHERE id = @id AND name = 'lamp'", db);
    update.Parameters.AddWithValue("@id", id);
    var failures = new List<string>();
    try
    {
        await db.OpenAsync();
    }
    catch (SqlException ex)
    {
        failures.Add(ex.GetType().Name);
    }

    try
    {
        await update.ExecuteNonQueryAsync();
    }
    catch (InvalidOperationException ex)
    {
        failures.Add(ex.GetType().Name);
    }

    return Results.Problem(string.Join(", ", failures), statusCode: 503);
});
app.Run();

// A port the system hands out and takes back: nothing listens there, so a connection is refused at once.
static string ConnectionString()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return $"Data Source=tcp:127.0.0.1,{port};Initial Catalog=shop;User ID=sa;Password=not-used;Connect Timeout=2;Encrypt=false;Pooling=false;ConnectRetryCount=0";
}
