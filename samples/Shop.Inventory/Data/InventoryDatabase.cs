using Microsoft.Data.Sqlite;

namespace Shop.Inventory.Data;

/// <summary>Where the inventory's SQLite file lives, and how to open it.</summary>
public sealed class InventoryDatabase(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();

    public string Path { get; } = path;

    /// <summary><c>Shop:DatabasePath</c>, or <c>sightline-shop/inventory.db</c> in the temp folder.</summary>
    public static InventoryDatabase FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration["Shop:DatabasePath"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sightline-shop", "inventory.db")
            : System.IO.Path.GetFullPath(configured);
        var folder = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Shop:DatabasePath '{path}': cannot create the folder {folder}: {e.Message}", e);
        }

        return new InventoryDatabase(path);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
