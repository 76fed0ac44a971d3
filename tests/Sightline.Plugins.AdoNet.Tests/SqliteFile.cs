using Microsoft.Data.Sqlite;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>A real SQLite file in its own temporary folder, deleted afterwards.</summary>
internal sealed class SqliteFile : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sightline-adonet-" + Guid.NewGuid().ToString("N")[..12]);

    public SqliteFile()
    {
        Directory.CreateDirectory(_folder);
        Name = "orders-" + Guid.NewGuid().ToString("N")[..8] + ".db";
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, Name), Pooling = false }.ToString();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A provider loaded in another load context may still hold the file for a moment; the folder is in temp.
        }
    }
}
