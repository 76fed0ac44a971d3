using System.Data.Common;
using System.Globalization;
using System.Text;
using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// What both SQL backends share: the reads, written once as parameterised SQL that SQLite and PostgreSQL both
/// accept. Backends supply connections, the schema and the bulk write. Every value from a request is a parameter;
/// no request text is ever spliced into SQL (only numbers this class computes are).
/// </summary>
public abstract class SqlSpanStore : ISpanStore
{
    /// <summary>Tag-index buckets probed per query: 64 × ~69 s, a bit over an hour of spans.</summary>
    private const int BucketsPerProbe = 64;

    /// <summary>Above this many candidate traces in one probe, walking the service's spans is cheaper than checking each.</summary>
    private const int MaxCandidatesPerProbe = 2000;

    private const int TracesPerCheck = 100;

    private readonly SpanWriteQueue _queue;

    // Operations already in the table, so a batch inserts only new ones. Guarded by _writeGate, which also keeps a
    // purge's orphan cleanup from racing a batch that relied on the cache.
    private readonly HashSet<(string Service, string Kind, string Name)> _knownOperations = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    protected SqlSpanStore()
    {
        _queue = new SpanWriteQueue(CommitAsync);
    }

    public abstract Task InitializeAsync(CancellationToken cancellationToken);

    public Task WriteAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken) =>
        spans.Count == 0 ? Task.CompletedTask : _queue.WriteAsync(new WriteBatch(spans), cancellationToken);

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

    public async Task<IReadOnlyList<IReadOnlyList<StoredSpan>>> GetTracesAsync(IReadOnlyList<TraceId> traceIds, CancellationToken cancellationToken)
    {
        var byTrace = new Dictionary<TraceId, List<StoredSpan>>();
        foreach (var traceId in traceIds)
        {
            byTrace.TryAdd(traceId, []);
        }

        if (byTrace.Count > 0)
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, string.Empty);
            var ids = new StringBuilder();
            var i = 0;
            foreach (var traceId in byTrace.Keys)
            {
                var name = "@t" + i++.ToString(CultureInfo.InvariantCulture);
                ids.Append(ids.Length == 0 ? string.Empty : ",").Append(name);
                Add(command, name, traceId.ToBytes());
            }

            command.CommandText = $"SELECT s.trace_id, s.format, s.payload FROM spans s{TraceIndexHint} WHERE s.trace_id IN ({ids}) ORDER BY s.start_ns, s.id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var traceId = TraceId.FromBytes((byte[])reader.GetValue(0));
                byTrace[traceId].Add(new StoredSpan(traceId, (SpanFormat)reader.GetInt32(1), (byte[])reader.GetValue(2)));
            }
        }

        return [.. traceIds.Select(id => (IReadOnlyList<StoredSpan>)byTrace[id])];
    }

    /// <summary>
    /// With a service and an operation or tags, probes the tag index (operation and tags of that service), an hour of
    /// buckets at a time from the newest, and checks the candidate traces' spans; when every probe of an hour has
    /// very many candidates, walks the service's spans of that hour instead. Each hour is finished before the next
    /// older one, so the result is exactly the newest matching traces. Otherwise walks the (service, start) or
    /// (start) index newest first.
    /// </summary>
    public async Task<IReadOnlyList<FoundTrace>> FindTraceIdsAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        var search = new TraceSearch(Math.Max(1, query.Limit));
        var required = query.Tags.Select(t => TagHasher.Hash(t.Key, t.Value)).Distinct().ToArray();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(query.Service) || (required.Length == 0 && string.IsNullOrEmpty(query.Operation)))
        {
            await WalkAsync(connection, query, query.StartMinNanos, query.StartMaxNanos, required, search, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var service = TagHasher.Service(query.Service);
            var probes = required.Select(tag => TagHasher.ForService(service, tag)).ToList();
            if (!string.IsNullOrEmpty(query.Operation))
            {
                probes.Add(TagHasher.ForService(service, TagHasher.Operation(query.Operation)));
            }

            await SearchTagIndexAsync(connection, query, required, probes, search, cancellationToken).ConfigureAwait(false);
        }

        return search.Found;
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
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var table in new[] { "tag_index", "spans", "operations" })
            {
                await using var command = Command(connection, "DELETE FROM " + table);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _knownOperations.Clear();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync().ConfigureAwait(false);
        _writeGate.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes one batch in one transaction: spans, tag-index rows, new operations.</summary>
    protected abstract Task WriteBatchAsync(WriteBatch batch, CancellationToken cancellationToken);

    /// <summary>The text after <c>FROM spans s</c> that makes the backend look spans up by trace id (SQLite's planner needs the hint).</summary>
    protected virtual string TraceIndexHint => string.Empty;

    /// <summary>
    /// The tag-index condition on buckets <paramref name="low"/> to <paramref name="high"/> that the backend's index
    /// answers best. The default lists them: with buckets leading the key, each is one index seek.
    /// </summary>
    protected virtual string BucketCondition(long low, long high)
    {
        var buckets = new StringBuilder("bucket IN (");
        for (var bucket = low; bucket <= high; bucket++)
        {
            buckets.Append(bucket == low ? string.Empty : ",").Append(bucket.ToString(CultureInfo.InvariantCulture));
        }

        return buckets.Append(')').ToString();
    }

    /// <summary>Removes operations whose spans are gone, after a purge.</summary>
    protected async Task DeleteOrphanOperationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var operations = Command(connection, "DELETE FROM operations WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.service = operations.service AND s.operation = operations.name)");
            await operations.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _knownOperations.Clear();
        }
        finally
        {
            _writeGate.Release();
        }
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

    private async Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            batch.FindNewOperations(_knownOperations);
            await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            _knownOperations.UnionWith(batch.NewOperations);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task SearchTagIndexAsync(DbConnection connection, TraceQuery query, long[] required, List<long> probes, TraceSearch search, CancellationToken cancellationToken)
    {
        // Bound the window by the data, so an open-ended query does not probe empty centuries.
        long oldest, newest;
        await using (var range = Command(connection, "SELECT (SELECT MIN(start_ns) FROM spans), (SELECT MAX(start_ns) FROM spans)"))
        await using (var reader = await range.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
            {
                return;
            }

            oldest = reader.GetInt64(0);
            newest = reader.GetInt64(1);
        }

        var from = Math.Max(query.StartMinNanos, oldest);
        var to = Math.Min(query.StartMaxNanos, newest);
        if (from > to)
        {
            return;
        }

        var firstBucket = TagIndexRow.BucketOf(from);
        for (var high = TagIndexRow.BucketOf(to); high >= firstBucket && !search.IsFull; high -= BucketsPerProbe)
        {
            var low = Math.Max(firstBucket, high - BucketsPerProbe + 1);
            var sliceFrom = Math.Max(from, TagIndexRow.BucketStart(low));
            var sliceTo = Math.Min(to, TagIndexRow.BucketEnd(high));
            HashSet<TraceId>? candidates = null;
            foreach (var probe in probes)
            {
                // Every probe narrows the candidates; one with too many to list narrows nothing and is skipped.
                if (await ProbeAsync(connection, probe, low, high, search, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    if (candidates is null)
                    {
                        candidates = found;
                    }
                    else
                    {
                        candidates.IntersectWith(found);
                    }

                    if (candidates.Count == 0)
                    {
                        break;
                    }
                }
            }

            if (candidates is null)
            {
                await WalkAsync(connection, query, sliceFrom, sliceTo, required, search, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CheckCandidatesAsync(connection, query, sliceFrom, sliceTo, required, [.. candidates], search, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The traces not found yet that have the tag in the buckets, or null when there are too many to check one by one.</summary>
    private async Task<HashSet<TraceId>?> ProbeAsync(DbConnection connection, long hash, long low, long high, TraceSearch search, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT trace_id FROM tag_index WHERE hash = @hash AND {BucketCondition(low, high)} LIMIT {MaxCandidatesPerProbe + 1}");
        Add(command, "@hash", hash);
        var rows = 0;
        var candidates = new HashSet<TraceId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (++rows > MaxCandidatesPerProbe)
            {
                return null;
            }

            var traceId = TraceId.FromBytes((byte[])reader.GetValue(0));
            if (!search.Contains(traceId))
            {
                candidates.Add(traceId);
            }
        }

        return candidates;
    }

    /// <summary>Checks the candidates' spans in the window; adds the matching traces, newest first.</summary>
    private async Task CheckCandidatesAsync(DbConnection connection, TraceQuery query, long from, long to, long[] required, List<TraceId> candidates, TraceSearch search, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<TraceId, long>();
        for (var offset = 0; offset < candidates.Count; offset += TracesPerCheck)
        {
            var count = Math.Min(TracesPerCheck, candidates.Count - offset);
            await using var command = Command(connection, string.Empty);
            var where = Filters(command, query, from, to);
            var ids = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                ids.Append(i == 0 ? "@t0" : ",@t" + i.ToString(CultureInfo.InvariantCulture));
                Add(command, "@t" + i.ToString(CultureInfo.InvariantCulture), candidates[offset + i].ToBytes());
            }

            command.CommandText = $"SELECT s.trace_id, s.start_ns, s.tags FROM spans s{TraceIndexHint} WHERE s.trace_id IN ({ids}) AND {where}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (SpanTagSet.ContainsAll((byte[])reader.GetValue(2), required))
                {
                    var traceId = TraceId.FromBytes((byte[])reader.GetValue(0));
                    var start = reader.GetInt64(1);
                    latest[traceId] = latest.TryGetValue(traceId, out var known) ? Math.Max(known, start) : start;
                }
            }
        }

        foreach (var (traceId, start) in latest.OrderByDescending(t => t.Value).ThenByDescending(t => t.Key.High).ThenByDescending(t => t.Key.Low))
        {
            search.Add(traceId, start);
        }
    }

    /// <summary>
    /// Walks matching spans newest first, page by page (keyset on start time then row id), checking tags against
    /// each span's own tag set, until the search is full: the index on (service[, operation], start) makes each page
    /// cheap, however many spans are stored.
    /// </summary>
    private static async Task WalkAsync(DbConnection connection, TraceQuery query, long from, long to, long[] required, TraceSearch search, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, string.Empty);
        var where = Filters(command, query, from, long.MaxValue);
        var pageSize = Math.Clamp(search.Limit * 4, 100, 10_000);
        var tagsColumn = required.Length > 0 ? ", s.tags" : string.Empty;
        command.CommandText = $"SELECT s.trace_id, s.start_ns, s.id{tagsColumn} FROM spans s WHERE {where} AND (s.start_ns < @cursor OR (s.start_ns = @cursor AND s.id <= @cursorId)) ORDER BY s.start_ns DESC, s.id DESC LIMIT {pageSize}";
        var cursor = Add(command, "@cursor", to);
        var cursorId = Add(command, "@cursorId", long.MaxValue);
        while (true)
        {
            var rows = 0;
            long lastStart = 0, lastId = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows++;
                    lastStart = reader.GetInt64(1);
                    lastId = reader.GetInt64(2);
                    if (required.Length == 0 || SpanTagSet.ContainsAll((byte[])reader.GetValue(3), required))
                    {
                        search.Add(TraceId.FromBytes((byte[])reader.GetValue(0)), lastStart);
                        if (search.IsFull)
                        {
                            return;
                        }
                    }
                }
            }

            if (rows < pageSize || lastId == long.MinValue)
            {
                return;
            }

            cursor.Value = lastStart;
            cursorId.Value = lastId - 1;
        }
    }

    /// <summary>The service, operation, duration and start-window conditions on spans <c>s</c>, with their parameters.</summary>
    private static string Filters(DbCommand command, TraceQuery query, long from, long to)
    {
        var where = new StringBuilder("s.start_ns >= @min");
        Add(command, "@min", from);
        if (to != long.MaxValue)
        {
            where.Append(" AND s.start_ns <= @max");
            Add(command, "@max", to);
        }

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

        return where.ToString();
    }
}
