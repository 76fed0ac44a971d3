using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Sightline.Storage.Store.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own connection after commits. SQLite's automatic checkpoint
/// runs inside the committing call, so the single writer stalled on it (page copies and an fsync) every few
/// batches; here it overlaps the next batch. Passive checkpoints never block the writer or readers.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly string _connectionString;
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString)
    {
        _connectionString = connectionString;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Asks for a checkpoint; requests made while one is pending fold into it.</summary>
    public void Request() => _signals.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        _signals.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (await _signals.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                _signals.Reader.TryRead(out _);
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync().ConfigureAwait(false);
                    }

                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                catch (SqliteException)
                {
                    // A checkpoint that could not run leaves the frames in the WAL, where reads still find them;
                    // the next commit asks again.
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
