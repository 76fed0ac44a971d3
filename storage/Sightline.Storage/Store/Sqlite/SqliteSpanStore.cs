using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Sightline.Storage.Store.Sqlite;

/// <summary>The embedded default backend: one SQLite file in WAL mode, written by one batching writer.</summary>
public sealed class SqliteSpanStore : SqlSpanStore
{
    private const int SchemaVersion = 2;
    private const int SpanColumns = 11;

    /// <summary>The page size of a new file.</summary>
    internal const int PageSize = 32768;
    private readonly string _connectionString;
    private readonly SqliteBulkInsert _insertSpans = new(
        "INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, tags, payload)",
        SpanColumns,
        32);

    private readonly SqliteBulkInsert _insertIndex = new("INSERT OR IGNORE INTO tag_index (bucket, hash, trace_id)", 3, 128);
    private readonly SqliteBulkInsert _insertOperations = new("INSERT OR IGNORE INTO operations (service, span_kind, name)", 3, 64);
    private SqliteConnection? _writer;
    private SqliteCheckpointer? _checkpointer;

    public SqliteSpanStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
        // 32 KiB pages for a new file (an existing one keeps its size: SQLite ignores this once tables exist): ingest
        // of 1,000 spans × 20 attributes cost ~13 ms of SQLite CPU per batch against ~19.5 ms with 4 KiB pages,
        // fewer page splits and fewer, larger WAL frames per commit. Must come before WAL mode, which fixes the size.
        await ExecuteAsync(connection, null, $"PRAGMA page_size={PageSize}; PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);
        await using var read = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        read.Transaction = transaction;
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the SQLite file has schema version {current}, newer than this server's {SchemaVersion}; use a newer server or another SqlitePath");
        }

        if (current < 1)
        {
            await ExecuteAsync(
                connection,
                transaction,
                """
                CREATE TABLE spans (
                  id INTEGER PRIMARY KEY,
                  trace_id BLOB NOT NULL,
                  span_id INTEGER NOT NULL,
                  parent_span_id INTEGER NOT NULL,
                  service TEXT NOT NULL,
                  operation TEXT NOT NULL,
                  span_kind TEXT NOT NULL,
                  start_ns INTEGER NOT NULL,
                  duration_ns INTEGER NOT NULL,
                  format INTEGER NOT NULL,
                  tags BLOB NOT NULL,
                  payload BLOB NOT NULL);
                CREATE INDEX spans_trace ON spans (trace_id, span_id);
                CREATE INDEX spans_service_start ON spans (service, start_ns);
                CREATE INDEX spans_start ON spans (start_ns);
                CREATE TABLE tag_index (bucket INTEGER NOT NULL, hash INTEGER NOT NULL, trace_id BLOB NOT NULL, PRIMARY KEY (bucket, hash, trace_id)) WITHOUT ROWID;
                CREATE TABLE operations (service TEXT NOT NULL, span_kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (service, span_kind, name)) WITHOUT ROWID;
                INSERT INTO schema_version (version) VALUES (2);
                """,
                cancellationToken).ConfigureAwait(false);
        }
        else if (current == 1)
        {
            // Schema 1 indexed every tag of every span (span_tags); schema 2 keeps each span's tags in its row and
            // indexes (bucket, service tag or operation, trace) instead of (service, operation, start). The data step re-derives both from the stored payloads.
            await ExecuteAsync(
                connection,
                transaction,
                """
                ALTER TABLE spans ADD COLUMN tags BLOB NOT NULL DEFAULT x'';
                CREATE TABLE tag_index (bucket INTEGER NOT NULL, hash INTEGER NOT NULL, trace_id BLOB NOT NULL, PRIMARY KEY (bucket, hash, trace_id)) WITHOUT ROWID;
                """,
                cancellationToken).ConfigureAwait(false);
            await TagBackfill.RunAsync(connection, transaction, "INSERT OR IGNORE INTO tag_index (bucket, hash, trace_id) VALUES (@bucket, @hash, @trace)", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DROP TABLE span_tags; DROP INDEX IF EXISTS spans_service_operation_start; INSERT INTO schema_version (version) VALUES (2);", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<long> PurgeOlderThanAsync(long cutoffNanos, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        long total = 0;
        while (true)
        {
            // Small slices keep each write transaction short, so ingest is never stalled for long.
            await using var command = Command(connection, "DELETE FROM spans WHERE id IN (SELECT id FROM spans WHERE start_ns < @cutoff LIMIT 5000)");
            Add(command, "@cutoff", cutoffNanos);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted == 0)
            {
                break;
            }
        }

        // Index rows of buckets wholly before the cutoff; buckets lead the key, so each is one range, deleted a
        // bucket (about a minute of spans) at a time.
        var lastBucket = TagIndexRow.BucketOf(cutoffNanos) - 1;
        while (true)
        {
            await using var oldest = Command(connection, "SELECT MIN(bucket) FROM tag_index");
            if (await oldest.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long bucket || bucket > lastBucket)
            {
                break;
            }

            await using var command = Command(connection, "DELETE FROM tag_index WHERE bucket = @bucket");
            Add(command, "@bucket", bucket);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (total > 0)
        {
            await DeleteOrphanOperationsAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }

        _insertSpans.Dispose();
        _insertIndex.Dispose();
        _insertOperations.Dispose();
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override string TraceIndexHint => " INDEXED BY spans_trace";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async Task WriteBatchAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            _writer = (SqliteConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL with synchronous=NORMAL: a commit survives a process crash; an OS crash may lose the last commits.
            // A larger page cache keeps the index pages ingest touches in memory.
            // Checkpoints run beside the writer (SqliteCheckpointer), not inside its commits.
            await ExecuteAsync(_writer, null, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=0;", cancellationToken).ConfigureAwait(false);
            _checkpointer = new SqliteCheckpointer(_connectionString);
        }

        var writer = _writer;
        using var transaction = writer.BeginTransaction();
        var spans = batch.Spans;
        _insertSpans.Execute(writer, spans.Count, (statement, p, i) =>
        {
            var span = spans[i];
            Span<byte> traceId = stackalloc byte[16];
            span.TraceId.WriteTo(traceId);
            raw.sqlite3_bind_blob(statement, p, traceId);
            raw.sqlite3_bind_int64(statement, p + 1, unchecked((long)span.SpanId));
            raw.sqlite3_bind_int64(statement, p + 2, unchecked((long)span.ParentSpanId));
            raw.sqlite3_bind_text(statement, p + 3, span.Service);
            raw.sqlite3_bind_text(statement, p + 4, span.Operation);
            raw.sqlite3_bind_text(statement, p + 5, span.SpanKind);
            raw.sqlite3_bind_int64(statement, p + 6, span.StartNanos);
            raw.sqlite3_bind_int64(statement, p + 7, span.DurationNanos);
            raw.sqlite3_bind_int(statement, p + 8, (int)span.Format);
            raw.sqlite3_bind_blob(statement, p + 9, batch.TagSets[i]);
            raw.sqlite3_bind_blob(statement, p + 10, span.Payload);
        });
        var rows = batch.IndexRows;
        _insertIndex.Execute(writer, rows.Count, (statement, p, i) =>
        {
            var row = rows[i];
            Span<byte> traceId = stackalloc byte[16];
            row.TraceId.WriteTo(traceId);
            raw.sqlite3_bind_int64(statement, p, row.Bucket);
            raw.sqlite3_bind_int64(statement, p + 1, row.Hash);
            raw.sqlite3_bind_blob(statement, p + 2, traceId);
        });
        var operations = batch.NewOperations;
        _insertOperations.Execute(writer, operations.Count, (statement, p, i) =>
        {
            raw.sqlite3_bind_text(statement, p, operations[i].Service);
            raw.sqlite3_bind_text(statement, p + 1, operations[i].Kind);
            raw.sqlite3_bind_text(statement, p + 2, operations[i].Name);
        });
        transaction.Commit();
        _checkpointer!.Request();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
