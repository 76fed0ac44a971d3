using System.Data.Common;
using Microsoft.Data.Sqlite;
using Sightline.Storage.Model;

namespace Sightline.Storage.Store.Sqlite;

/// <summary>The embedded default backend: one SQLite file in WAL mode, written by one batching writer.</summary>
public sealed class SqliteSpanStore : SqlSpanStore
{
    private const int SchemaVersion = 1;
    private readonly string _connectionString;
    private SqliteConnection? _writer;

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
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);
        await using var read = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the SQLite file has schema version {current}, newer than this server's {SchemaVersion}");
        }

        if (current < 1)
        {
            await ExecuteAsync(
                connection,
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
                  payload BLOB NOT NULL);
                CREATE INDEX spans_trace ON spans (trace_id, span_id);
                CREATE INDEX spans_service_start ON spans (service, start_ns);
                CREATE INDEX spans_service_operation_start ON spans (service, operation, start_ns);
                CREATE INDEX spans_start ON spans (start_ns);
                CREATE TABLE span_tags (hash INTEGER NOT NULL, span_row INTEGER NOT NULL, PRIMARY KEY (hash, span_row)) WITHOUT ROWID;
                CREATE TABLE operations (service TEXT NOT NULL, span_kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (service, span_kind, name)) WITHOUT ROWID;
                INSERT INTO schema_version (version) VALUES (1);
                """,
                cancellationToken).ConfigureAwait(false);
        }
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

        if (total > 0)
        {
            await DeleteOrphansAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async Task WriteBatchAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            _writer = (SqliteConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL with synchronous=NORMAL: a commit survives a process crash; an OS crash may lose the last commits.
            await ExecuteAsync(_writer, "PRAGMA synchronous=NORMAL;", cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insertSpan = _writer.CreateCommand();
        insertSpan.Transaction = transaction;
        insertSpan.CommandText = "INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, payload) VALUES ($t, $s, $p, $svc, $op, $k, $st, $d, $f, $pl) RETURNING id";
        var trace = insertSpan.Parameters.Add("$t", SqliteType.Blob);
        var spanId = insertSpan.Parameters.Add("$s", SqliteType.Integer);
        var parent = insertSpan.Parameters.Add("$p", SqliteType.Integer);
        var service = insertSpan.Parameters.Add("$svc", SqliteType.Text);
        var operation = insertSpan.Parameters.Add("$op", SqliteType.Text);
        var kind = insertSpan.Parameters.Add("$k", SqliteType.Text);
        var start = insertSpan.Parameters.Add("$st", SqliteType.Integer);
        var duration = insertSpan.Parameters.Add("$d", SqliteType.Integer);
        var format = insertSpan.Parameters.Add("$f", SqliteType.Integer);
        var payload = insertSpan.Parameters.Add("$pl", SqliteType.Blob);
        var tagRows = new List<(long Hash, long Row)>(spans.Count * 24);
        foreach (var span in spans)
        {
            trace.Value = span.TraceId.ToBytes();
            spanId.Value = unchecked((long)span.SpanId);
            parent.Value = unchecked((long)span.ParentSpanId);
            service.Value = span.Service;
            operation.Value = span.Operation;
            kind.Value = span.SpanKind;
            start.Value = span.StartNanos;
            duration.Value = span.DurationNanos;
            format.Value = (int)span.Format;
            payload.Value = span.Payload;
            var rowId = (long)insertSpan.ExecuteScalar()!;
            foreach (var (key, value) in span.SearchTags)
            {
                tagRows.Add((TagHasher.Hash(key, value), rowId));
            }
        }

        // In key order, the index pages are touched once each instead of at random.
        tagRows.Sort();
        InsertTags(transaction, tagRows);

        await using var insertOperation = _writer.CreateCommand();
        insertOperation.Transaction = transaction;
        insertOperation.CommandText = "INSERT OR IGNORE INTO operations (service, span_kind, name) VALUES ($svc, $k, $n)";
        var opService = insertOperation.Parameters.Add("$svc", SqliteType.Text);
        var opKind = insertOperation.Parameters.Add("$k", SqliteType.Text);
        var opName = insertOperation.Parameters.Add("$n", SqliteType.Text);
        foreach (var (svc, k, name) in OperationsOf(spans))
        {
            opService.Value = svc;
            opKind.Value = k;
            opName.Value = name;
            await insertOperation.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tag index rows go in multi-row statements: one statement per row made ingest cost ~10 µs per tag, which
    /// dominated the write (20 tags per span).
    /// </summary>
    private static void InsertTags(SqliteTransaction transaction, List<(long Hash, long Row)> rows)
    {
        const int RowsPerStatement = 200;
        SqliteCommand? full = null;
        try
        {
            for (var offset = 0; offset < rows.Count; offset += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - offset);
                var command = count == RowsPerStatement ? full ??= TagCommand(transaction, RowsPerStatement) : TagCommand(transaction, count);
                for (var i = 0; i < count; i++)
                {
                    command.Parameters[2 * i].Value = rows[offset + i].Hash;
                    command.Parameters[(2 * i) + 1].Value = rows[offset + i].Row;
                }

                command.ExecuteNonQuery();
                if (command != full)
                {
                    command.Dispose();
                }
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    private static SqliteCommand TagCommand(SqliteTransaction transaction, int rows)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder("INSERT OR IGNORE INTO span_tags (hash, span_row) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? string.Empty : ",").Append("($h").Append(i).Append(",$r").Append(i).Append(')');
            command.Parameters.Add("$h" + i, SqliteType.Integer);
            command.Parameters.Add("$r" + i, SqliteType.Integer);
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
