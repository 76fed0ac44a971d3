using Microsoft.Data.Sqlite;
using Npgsql;
using Sightline.Storage.Store;
using Sightline.Storage.Store.Postgres;
using Sightline.Storage.Store.Sqlite;

namespace Sightline.Benchmarks.Storage;

/// <summary>
/// Creates a store for a benchmark: a SQLite file in the temp folder, or a PostgreSQL database on the server of
/// <c>SIGHTLINE_BENCH_POSTGRES</c> (default: the one <c>.ci/install.d/postgresql.sh</c> starts).
/// </summary>
internal static class BenchmarkBackend
{
    private const string DefaultPostgres = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=postgres";

    /// <summary>A store named <paramref name="name"/>; with <paramref name="fresh"/> any previous data is removed first.</summary>
    public static async Task<ISpanStore> OpenAsync(string backend, string name, bool fresh)
    {
        ISpanStore store;
        if (backend == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), "sightline-bench", name + ".db");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (fresh)
            {
                // A pooled connection of an earlier store would keep writing to the deleted file.
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
                {
                    File.Delete(path + suffix);
                }
            }

            store = new SqliteSpanStore(path);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("SIGHTLINE_BENCH_POSTGRES") ?? DefaultPostgres;
            var database = "sightline_bench_" + name;
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                // The name is a constant of this file plus a benchmark name, never user input.
                if (fresh)
                {
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                }

                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
                exists.Parameters.AddWithValue("name", database);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                    await create.ExecuteNonQueryAsync();
                }
            }

            store = new PostgresSpanStore(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString());
        }

        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
