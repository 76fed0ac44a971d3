using CrossService;
using Microsoft.Data.Sqlite;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddGrpc();
var database = new StockDatabase(builder.Configuration["Stock:Database"] ?? Path.Combine(Path.GetTempPath(), $"cross-back-{Environment.ProcessId}.db"));
await database.CreateAsync();
builder.Services.AddSingleton(database);
var app = builder.Build();
app.MapGet("/", () => "ready");
app.MapGet("/stock/{id:int}", async (int id, StockDatabase stock) => (await stock.LevelAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGrpcService<StockService>();
app.Run();

namespace CrossService
{
    public sealed class StockDatabase(string path)
    {
        private readonly string _connection = $"Data Source={path}";

        public async Task CreateAsync()
        {
            await using var connection = new SqliteConnection(_connection);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE IF NOT EXISTS stock (id INTEGER PRIMARY KEY, quantity INTEGER NOT NULL); INSERT OR IGNORE INTO stock VALUES (7, 40);";
            await command.ExecuteNonQueryAsync();
        }

        public async Task<long> LevelAsync(int id)
        {
            await using var connection = new SqliteConnection(_connection);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT quantity FROM stock WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return (long)(await command.ExecuteScalarAsync() ?? 0L);
        }

        public async Task<long> ReserveAsync(int id, int quantity)
        {
            await using var connection = new SqliteConnection(_connection);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE stock SET quantity = quantity - $quantity WHERE id = $id RETURNING quantity";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$quantity", quantity);
            return (long)(await command.ExecuteScalarAsync() ?? 0L);
        }
    }

    public sealed class StockService(StockDatabase stock) : Stock.StockBase
    {
        public override async Task<ReserveReply> Reserve(ReserveRequest request, Grpc.Core.ServerCallContext context) =>
            new() { Remaining = (int)await stock.ReserveAsync(request.ProductId, request.Quantity) };
    }
}
