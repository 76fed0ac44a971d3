using System.Data.Common;
using System.Text;
using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// What both SQL backends share: the reads, written once as parameterised SQL that SQLite and PostgreSQL both
/// accept. Backends supply connections, the schema and the bulk write. Every value from a request is a parameter;
/// no request text is ever spliced into SQL.
/// </summary>
public abstract class SqlSpanStore : ISpanStore
{
    private readonly SpanWriteQueue _queue;

    protected SqlSpanStore()
    {
        _queue = new SpanWriteQueue(WriteBatchAsync);
    }

    public abstract Task InitializeAsync(CancellationToken cancellationToken);

    public Task WriteAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken) => _queue.WriteAsync(spans, cancellationToken);

    public async Task<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT DISTINCT service FROM operations ORDER BY service");
        var services = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            services.Add(reader.GetString(0));
        }

        return services;
    }

    public async Task<IReadOnlyList<OperationEntry>> GetOperationsAsync(string service, string? spanKind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = string.IsNullOrEmpty(spanKind)
            ? "SELECT name, span_kind FROM operations WHERE service = @service ORDER BY name, span_kind"
            : "SELECT name, span_kind FROM operations WHERE service = @service AND span_kind = @kind ORDER BY name, span_kind";
        await using var command = Command(connection, sql);
        Add(command, "@service", service);
        if (!string.IsNullOrEmpty(spanKind))
        {
            Add(command, "@kind", spanKind);
        }

        var operations = new List<OperationEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            operations.Add(new OperationEntry(reader.GetString(0), reader.GetString(1)));
        }

        return operations;
    }

    public async Task<IReadOnlyList<StoredSpan>> GetTraceAsync(TraceId traceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT format, payload FROM spans WHERE trace_id = @trace ORDER BY start_ns, id");
        Add(command, "@trace", traceId.ToBytes());
        var spans = new List<StoredSpan>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            spans.Add(new StoredSpan(traceId, (SpanFormat)reader.GetInt32(0), (byte[])reader.GetValue(1)));
        }

        return spans;
    }

    public async Task<IReadOnlyList<FoundTrace>> FindTraceIdsAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        var limit = Math.Max(1, query.Limit);
        var where = new StringBuilder("s.start_ns >= @min");
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, string.Empty);
        Add(command, "@min", query.StartMinNanos);
        if (!string.IsNullOrEmpty(query.Service))
        {
            where.Append(" AND s.service = @service");
            Add(command, "@service", query.Service);
        }

        if (!string.IsNullOrEmpty(query.Operation))
        {
            where.Append(" AND s.operation = @operation");
            Add(command, "@operation", query.Operation);
        }

        if (query.DurationMinNanos is { } durationMin)
        {
            where.Append(" AND s.duration_ns >= @dmin");
            Add(command, "@dmin", durationMin);
        }

        if (query.DurationMaxNanos is { } durationMax)
        {
            where.Append(" AND s.duration_ns <= @dmax");
            Add(command, "@dmax", durationMax);
        }

        var tagIndex = 0;
        foreach (var (key, value) in query.Tags.DistinctBy(t => (t.Key, t.Value)))
        {
            var name = "@tag" + tagIndex++;
            where.Append(" AND EXISTS (SELECT 1 FROM span_tags t WHERE t.hash = ").Append(name).Append(" AND t.span_row = s.id)");
            Add(command, name, TagHasher.Hash(key, value));
        }

        // Walk matching spans newest first, page by page (keyset on start time then row id), until enough distinct
        // traces are found: the index on (service, start) makes each page cheap, however many spans are stored.
        var pageSize = Math.Clamp(limit * 4, 100, 10_000);
        command.CommandText = $"SELECT s.trace_id, s.start_ns, s.id FROM spans s WHERE {where} AND (s.start_ns < @cursor OR (s.start_ns = @cursor AND s.id <= @cursorId)) ORDER BY s.start_ns DESC, s.id DESC LIMIT {pageSize}";
        var cursor = Add(command, "@cursor", query.StartMaxNanos);
        var cursorId = Add(command, "@cursorId", long.MaxValue);
        var found = new List<FoundTrace>();
        var seen = new HashSet<TraceId>();
        while (true)
        {
            var rows = 0;
            long lastStart = 0, lastId = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows++;
                    var traceId = TraceId.FromBytes((byte[])reader.GetValue(0));
                    lastStart = reader.GetInt64(1);
                    lastId = reader.GetInt64(2);
                    if (seen.Add(traceId))
                    {
                        found.Add(new FoundTrace(traceId, lastStart));
                        if (found.Count == limit)
                        {
                            return found;
                        }
                    }
                }
            }

            if (rows < pageSize || lastId == long.MinValue)
            {
                return found;
            }

            cursor.Value = lastStart;
            cursorId.Value = lastId - 1;
        }
    }

    public async Task<IReadOnlyList<DependencyEdge>> GetDependenciesAsync(long startNanos, long endNanos, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            """
            SELECT p.service, c.service, COUNT(*) FROM spans c
            JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
            WHERE c.parent_span_id <> 0 AND c.start_ns >= @start AND c.start_ns <= @end AND p.service <> c.service
            GROUP BY p.service, c.service ORDER BY p.service, c.service
            """);
        Add(command, "@start", startNanos);
        Add(command, "@end", endNanos);
        var edges = new List<DependencyEdge>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            edges.Add(new DependencyEdge(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return edges;
    }

    public abstract Task<long> PurgeOlderThanAsync(long cutoffNanos, CancellationToken cancellationToken);

    public async Task PurgeAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in new[] { "span_tags", "spans", "operations" })
        {
            await using var command = Command(connection, "DELETE FROM " + table);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes one batch in one transaction: spans, their tag index rows, new operations.</summary>
    protected abstract Task WriteBatchAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken);

    /// <summary>Removes index rows and operations whose spans are gone, after a purge.</summary>
    protected static async Task DeleteOrphansAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var tags = Command(connection, "DELETE FROM span_tags WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.id = span_tags.span_row)"))
        {
            await tags.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var operations = Command(connection, "DELETE FROM operations WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.service = operations.service AND s.operation = operations.name)");
        await operations.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    protected static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The distinct (service, kind, operation) triples of a batch, for the operations table.</summary>
    protected static IEnumerable<(string Service, string Kind, string Name)> OperationsOf(IReadOnlyList<SpanRecord> spans) =>
        spans.Select(s => (s.Service, s.SpanKind, s.Operation)).Distinct();
}
