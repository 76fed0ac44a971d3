using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Sightline.Storage.Store.Postgres;

/// <summary>The larger backend: PostgreSQL through Npgsql; the server creates and migrates the schema, and writes with COPY.</summary>
public sealed class PostgresSpanStore : SqlSpanStore
{
    private const int SchemaVersion = 3;

    // Serialises schema creation when several servers (or test hosts) start against one database at once.
    private const long MigrationLockKey = 0x5167_6874_6c69_6e65;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresSpanStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", cancellationToken).ConfigureAwait(false);
        int current;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
        {
            current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the PostgreSQL database has schema version {current}, newer than this server's {SchemaVersion}; use a newer server or another database");
        }

        if (current < 1)
        {
            await ExecuteAsync(
                connection,
                transaction,
                """
                CREATE TABLE spans (
                  id bigserial PRIMARY KEY,
                  trace_id bytea NOT NULL,
                  span_id bigint NOT NULL,
                  parent_span_id bigint NOT NULL,
                  service text NOT NULL,
                  operation text NOT NULL,
                  span_kind text NOT NULL,
                  start_ns bigint NOT NULL,
                  duration_ns bigint NOT NULL,
                  format integer NOT NULL,
                  tags bytea NOT NULL,
                  payload bytea NOT NULL);
                CREATE INDEX spans_trace ON spans (trace_id, span_id);
                CREATE INDEX spans_service_start ON spans (service, start_ns, id);
                CREATE INDEX spans_start ON spans (start_ns, id);
                CREATE TABLE tag_index (bucket bigint NOT NULL, hash bigint NOT NULL, trace_id bytea NOT NULL);
                CREATE INDEX tag_index_hash ON tag_index (hash, bucket, trace_id);
                CREATE INDEX tag_index_bucket ON tag_index USING brin (bucket);
                CREATE TABLE operations (service text NOT NULL, span_kind text NOT NULL, name text NOT NULL, PRIMARY KEY (service, span_kind, name));
                INSERT INTO schema_version (version) VALUES (3);
                """,
                cancellationToken).ConfigureAwait(false);
            current = SchemaVersion;
        }

        if (current == 1)
        {
            // Schema 1 indexed every tag of every span (span_tags); schema 2 keeps each span's tags in its row and
            // indexes (bucket, service tag or operation, trace) instead of (service, operation, start). The data step re-derives both from the stored payloads.
            await ExecuteAsync(
                connection,
                transaction,
                """
                ALTER TABLE spans ADD COLUMN tags bytea NOT NULL DEFAULT '\x';
                ALTER TABLE spans ALTER COLUMN id SET DEFAULT nextval('spans_id_seq');
                SELECT setval('spans_id_seq', COALESCE((SELECT MAX(id) FROM spans), 0) + 1, false);
                CREATE TABLE tag_index (bucket bigint NOT NULL, hash bigint NOT NULL, trace_id bytea NOT NULL);
                CREATE INDEX tag_index_key ON tag_index (bucket, hash, trace_id);
                """,
                cancellationToken).ConfigureAwait(false);
            await TagBackfill.RunAsync(connection, transaction, "INSERT INTO tag_index (bucket, hash, trace_id) VALUES (@bucket, @hash, @trace)", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DROP TABLE span_tags; DROP INDEX IF EXISTS spans_service_operation_start; INSERT INTO schema_version (version) VALUES (2);", cancellationToken).ConfigureAwait(false);
            current = 2;
        }

        if (current == 2)
        {
            // Schema 2 keyed the tag index (bucket, hash, trace): a probe of an hour named 64 buckets, and PostgreSQL
            // descended the index once per bucket (about 200 pages per probe, 130 ms with a cold cache, EXPLAIN
            // ANALYZE on a million spans). Keyed (hash, bucket, trace), a probe is one range of a few pages. The
            // purge, which deletes whole buckets, uses a BRIN index on bucket: rows arrive in time order, so it is
            // tiny and costs ingest almost nothing.
            await ExecuteAsync(
                connection,
                transaction,
                """
                CREATE INDEX IF NOT EXISTS tag_index_hash ON tag_index (hash, bucket, trace_id);
                CREATE INDEX IF NOT EXISTS tag_index_bucket ON tag_index USING brin (bucket);
                DROP INDEX IF EXISTS tag_index_key;
                INSERT INTO schema_version (version) VALUES (3);
                """,
                cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<long> PurgeOlderThanAsync(long cutoffNanos, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM spans WHERE start_ns < @cutoff", connection);
        command.Parameters.AddWithValue("cutoff", cutoffNanos);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        // Index rows of buckets wholly before the cutoff, found through the BRIN index on bucket.
        await using var index = new NpgsqlCommand("DELETE FROM tag_index WHERE bucket < @bucket", connection);
        index.Parameters.AddWithValue("bucket", TagIndexRow.BucketOf(cutoffNanos));
        await index.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            await DeleteOrphanOperationsAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A range, which the (hash, bucket, trace) index answers in one descent.</summary>
    protected override string BucketCondition(long low, long high) =>
        $"bucket >= {low.ToString(CultureInfo.InvariantCulture)} AND bucket <= {high.ToString(CultureInfo.InvariantCulture)}";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task WriteBatchAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var spans = batch.Spans;
        // The id column takes its default (the sequence) for every copied row.
        await using (var copy = await connection.BeginBinaryImportAsync("COPY spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, tags, payload) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < spans.Count; i++)
            {
                var span = spans[i];
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.TraceId.ToBytes(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(unchecked((long)span.SpanId), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(unchecked((long)span.ParentSpanId), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.Service, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.Operation, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.SpanKind, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.StartNanos, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.DurationNanos, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((int)span.Format, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(batch.TagSets[i], NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.Payload, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY tag_index (bucket, hash, trace_id) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in batch.IndexRows)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Bucket, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Hash, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.TraceId.ToBytes(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var operations = batch.NewOperations;
        if (operations.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO operations (service, span_kind, name) SELECT * FROM unnest(@services, @kinds, @names) ON CONFLICT DO NOTHING",
                connection,
                transaction);
            insert.Parameters.AddWithValue("services", operations.Select(o => o.Service).ToArray());
            insert.Parameters.AddWithValue("kinds", operations.Select(o => o.Kind).ToArray());
            insert.Parameters.AddWithValue("names", operations.Select(o => o.Name).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
