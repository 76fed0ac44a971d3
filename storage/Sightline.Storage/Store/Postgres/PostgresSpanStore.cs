using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Sightline.Storage.Model;

namespace Sightline.Storage.Store.Postgres;

/// <summary>The larger backend: PostgreSQL through Npgsql; the server creates and migrates the schema, and writes with COPY.</summary>
public sealed class PostgresSpanStore : SqlSpanStore
{
    private const int SchemaVersion = 1;

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

        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
        {
            current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the PostgreSQL database has schema version {current}, newer than this server's {SchemaVersion}");
        }

        if (current < 1)
        {
            await using var migrate = new NpgsqlCommand(
                """
                CREATE TABLE spans (
                  id bigint PRIMARY KEY,
                  trace_id bytea NOT NULL,
                  span_id bigint NOT NULL,
                  parent_span_id bigint NOT NULL,
                  service text NOT NULL,
                  operation text NOT NULL,
                  span_kind text NOT NULL,
                  start_ns bigint NOT NULL,
                  duration_ns bigint NOT NULL,
                  format integer NOT NULL,
                  payload bytea NOT NULL);
                CREATE SEQUENCE spans_id_seq OWNED BY spans.id;
                CREATE INDEX spans_trace ON spans (trace_id, span_id);
                CREATE INDEX spans_service_start ON spans (service, start_ns, id);
                CREATE INDEX spans_service_operation_start ON spans (service, operation, start_ns, id);
                CREATE INDEX spans_start ON spans (start_ns, id);
                CREATE TABLE span_tags (hash bigint NOT NULL, span_row bigint NOT NULL);
                CREATE INDEX span_tags_hash ON span_tags (hash, span_row);
                CREATE TABLE operations (service text NOT NULL, span_kind text NOT NULL, name text NOT NULL, PRIMARY KEY (service, span_kind, name));
                INSERT INTO schema_version (version) VALUES (1);
                """,
                connection,
                transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<long> PurgeOlderThanAsync(long cutoffNanos, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM spans WHERE start_ns < @cutoff", connection);
        command.Parameters.AddWithValue("cutoff", cutoffNanos);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            await DeleteOrphansAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task WriteBatchAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ids = new long[spans.Count];
        await using (var reserve = new NpgsqlCommand("SELECT nextval('spans_id_seq') FROM generate_series(1, @n)", connection, transaction))
        {
            reserve.Parameters.AddWithValue("n", spans.Count);
            await using var reader = await reserve.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
            {
                ids[i] = reader.GetInt64(0);
            }
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY spans (id, trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, payload) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < spans.Count; i++)
            {
                var span = spans[i];
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.TraceId.ToBytes(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(unchecked((long)span.SpanId), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(unchecked((long)span.ParentSpanId), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.Service, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.Operation, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.SpanKind, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.StartNanos, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.DurationNanos, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((int)span.Format, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(span.Payload, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY span_tags (hash, span_row) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < spans.Count; i++)
            {
                foreach (var hash in spans[i].SearchTags.Select(t => TagHasher.Hash(t.Key, t.Value)).Distinct())
                {
                    await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(hash, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var operations = OperationsOf(spans).ToArray();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO operations (service, span_kind, name) SELECT * FROM unnest(@services, @kinds, @names) ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("services", operations.Select(o => o.Service).ToArray());
            insert.Parameters.AddWithValue("kinds", operations.Select(o => o.Kind).ToArray());
            insert.Parameters.AddWithValue("names", operations.Select(o => o.Name).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
