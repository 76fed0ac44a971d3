using System.Data.Common;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;
using Sightline.Storage.Store;
using Sightline.Storage.Store.Postgres;
using Sightline.Storage.Store.Sqlite;
using Sightline.Storage.Tests.Infrastructure;
using JaegerKeyValue = Jaeger.ApiV2.KeyValue;
using JaegerSpan = Jaeger.ApiV2.Span;

namespace Sightline.Storage.Tests.Store;

/// <summary>
/// A file or database written by schema 1 (every tag of every span in <c>span_tags</c>) is migrated in place to the
/// current schema on start (SQLite 2, PostgreSQL 3): its spans stay readable and become searchable by tag and
/// operation through the new index, and new writes work. A PostgreSQL database of schema 2 (tag index keyed by
/// bucket first) is re-indexed by hash first. A schema newer than the server's is refused with a message that says so.
/// </summary>
public sealed class SchemaMigrationTests
{
    private static readonly long Start = TimeUnits.NowNanos() - 60_000_000_000L;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_schema_1_sqlite_file_is_migrated_and_searchable()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "old.db");
        try
        {
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                await connection.OpenAsync(Ct);
                await WriteSchema1Async(connection, SqliteSchema1, idColumn: false);
            }

            await AssertMigratedAsync(new SqliteSpanStore(path), 2, async sql =>
            {
                await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
                await connection.OpenAsync(Ct);
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return await command.ExecuteScalarAsync(Ct);
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_new_sqlite_file_gets_32_KiB_pages_and_an_existing_4_KiB_file_keeps_its_pages()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var fresh = Path.Combine(directory, "fresh.db");
            await using (var store = new SqliteSpanStore(fresh))
            {
                await store.InitializeAsync(Ct);
                await store.WriteAsync(new SearchSpans("paged").Records(), Ct);
            }

            // A file whose page size is already fixed at 4 KiB in WAL mode, as earlier servers left theirs.
            var old = Path.Combine(directory, "old.db");
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = old, Pooling = false }.ToString()))
            {
                await connection.OpenAsync(Ct);
                await ExecuteAsync(connection, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; CREATE TABLE placeholder (x INTEGER);");
            }

            await using (var store = new SqliteSpanStore(old))
            {
                await store.InitializeAsync(Ct);
                var spans = new SearchSpans("paged");
                spans.Add(9, "GET /", Start, 1_000_000, [("k", "v")], []);
                await store.WriteAsync(spans.Records(), Ct);
                Assert.Equal([new TraceId(0x5e, 9)], (await store.FindTraceIdsAsync(new TraceQuery { Service = "paged", Tags = [new("k", "v")], Limit = 5 }, Ct)).Select(f => f.TraceId));
            }

            Assert.Equal(32768L, await PageSizeAsync(fresh));
            Assert.Equal(4096L, await PageSizeAsync(old));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        static async Task<long> PageSizeAsync(string path)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            return (long)(await command.ExecuteScalarAsync(Ct))!;
        }
    }

    [Fact]
    public async Task A_schema_1_postgres_database_is_migrated_and_searchable()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await WriteSchema1Async(connection, PostgresSchema1, idColumn: true);
        }

        await AssertMigratedAsync(new PostgresSpanStore(database.ConnectionString), 3, async sql =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync(Ct);
        });
    }

    [Fact]
    public async Task A_schema_2_postgres_database_gets_the_hash_first_tag_index_and_stays_searchable()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await WriteSchema2Async(connection);
        }

        async Task<object?> Scalar(string sql)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync(Ct);
        }

        await AssertMigratedAsync(new PostgresSpanStore(database.ConnectionString), 3, Scalar);
        Assert.Equal(
            "tag_index_bucket,tag_index_hash",
            await Scalar("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'tag_index'"));
        Assert.Contains("(hash, bucket, trace_id)", (string)(await Scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'tag_index_hash'"))!);

        // The migration ran once: a second start finds schema 3 and changes nothing.
        await using var again = new PostgresSpanStore(database.ConnectionString);
        await again.InitializeAsync(Ct);
        Assert.Equal(1L, Convert.ToInt64(await Scalar("SELECT COUNT(*) FROM schema_version WHERE version = 3"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_newer_schema_is_refused_with_a_clear_message(string backend)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-storage-tests", Guid.NewGuid().ToString("N"));
        await using var database = backend == "postgres" ? await PostgresDatabase.CreateAsync(Ct) : null;
        try
        {
            DbConnection connection = database is null
                ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "future.db"), Pooling = false }.ToString())
                : new NpgsqlConnection(database.ConnectionString);
            Directory.CreateDirectory(directory);
            await using (connection)
            {
                await connection.OpenAsync(Ct);
                await ExecuteAsync(connection, "CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version (version) VALUES (99);");
            }

            ISpanStore store = database is null ? new SqliteSpanStore(Path.Combine(directory, "future.db")) : new PostgresSpanStore(database.ConnectionString);
            await using (store)
            {
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));
                Assert.Contains($"schema version 99, newer than this server's {(backend == "postgres" ? 3 : 2)}", error.Message);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Spans as schema 1 stored them: an OTLP span with attributes and a Jaeger model span with process tags.</summary>
    private static List<SpanRecord> OldSpans()
    {
        var otlp = new SearchSpans("legacy-otlp");
        otlp.Add(1, "GET /orders", Start, 5_000_000, [("customer", "c-42"), ("region", "eu")], [("db", "orders")]);
        var records = otlp.Records();
        var jaeger = new JaegerSpan
        {
            TraceId = ByteString.CopyFrom(new TraceId(0x5e, 2).ToBytes()),
            SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 0, 7]),
            OperationName = "consume",
            StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(Start / 1_000_000)),
            Duration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(3)),
            Tags = { new JaegerKeyValue { Key = "queue", VStr = "billing" } },
            Process = new Jaeger.ApiV2.Process { ServiceName = "legacy-jaeger", Tags = { new JaegerKeyValue { Key = "host", VStr = "h1" } } },
        };
        records.Add(JaegerSpanRecordFactory.Create(jaeger));
        return records;
    }

    private static async Task WriteSchema1Async(DbConnection connection, string schema, bool idColumn)
    {
        await ExecuteAsync(connection, schema);
        var id = 0;
        foreach (var span in OldSpans())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = idColumn
                ? "INSERT INTO spans (id, trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, payload) VALUES (@id, @t, @s, @p, @svc, @op, @k, @st, @d, @f, @pl)"
                : "INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, payload) VALUES (@t, @s, @p, @svc, @op, @k, @st, @d, @f, @pl)";
            Add(insert, "@id", (long)++id);
            Add(insert, "@t", span.TraceId.ToBytes());
            Add(insert, "@s", unchecked((long)span.SpanId));
            Add(insert, "@p", unchecked((long)span.ParentSpanId));
            Add(insert, "@svc", span.Service);
            Add(insert, "@op", span.Operation);
            Add(insert, "@k", span.SpanKind);
            Add(insert, "@st", span.StartNanos);
            Add(insert, "@d", span.DurationNanos);
            Add(insert, "@f", (int)span.Format);
            Add(insert, "@pl", span.Payload);
            await insert.ExecuteNonQueryAsync(Ct);
            await using var operation = connection.CreateCommand();
            operation.CommandText = "INSERT INTO operations (service, span_kind, name) VALUES (@svc, @k, @op) ON CONFLICT DO NOTHING";
            Add(operation, "@svc", span.Service);
            Add(operation, "@k", span.SpanKind);
            Add(operation, "@op", span.Operation);
            await operation.ExecuteNonQueryAsync(Ct);
        }
    }

    /// <summary>The spans as a schema 2 server wrote them: each with its tag set, and the batch's tag-index rows.</summary>
    private static async Task WriteSchema2Async(NpgsqlConnection connection)
    {
        await ExecuteAsync(connection, PostgresSchema2);
        var batch = new WriteBatch(OldSpans());
        for (var i = 0; i < batch.Spans.Count; i++)
        {
            var span = batch.Spans[i];
            await using var insert = new NpgsqlCommand(
                "INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_ns, duration_ns, format, tags, payload) VALUES (@t, @s, @p, @svc, @op, @k, @st, @d, @f, @tags, @pl); INSERT INTO operations (service, span_kind, name) VALUES (@svc, @k, @op) ON CONFLICT DO NOTHING",
                connection);
            insert.Parameters.AddWithValue("t", span.TraceId.ToBytes());
            insert.Parameters.AddWithValue("s", unchecked((long)span.SpanId));
            insert.Parameters.AddWithValue("p", unchecked((long)span.ParentSpanId));
            insert.Parameters.AddWithValue("svc", span.Service);
            insert.Parameters.AddWithValue("op", span.Operation);
            insert.Parameters.AddWithValue("k", span.SpanKind);
            insert.Parameters.AddWithValue("st", span.StartNanos);
            insert.Parameters.AddWithValue("d", span.DurationNanos);
            insert.Parameters.AddWithValue("f", (int)span.Format);
            insert.Parameters.AddWithValue("tags", batch.TagSets[i]);
            insert.Parameters.AddWithValue("pl", span.Payload);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        foreach (var row in batch.IndexRows)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO tag_index (bucket, hash, trace_id) VALUES (@b, @h, @t)", connection);
            insert.Parameters.AddWithValue("b", row.Bucket);
            insert.Parameters.AddWithValue("h", row.Hash);
            insert.Parameters.AddWithValue("t", row.TraceId.ToBytes());
            await insert.ExecuteNonQueryAsync(Ct);
        }
    }

    private static async Task AssertMigratedAsync(ISpanStore store, int version, Func<string, Task<object?>> scalar)
    {
        await using (store)
        {
            await store.InitializeAsync(Ct);

            Assert.Equal((long)version, Convert.ToInt64(await scalar("SELECT MAX(version) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0L, Convert.ToInt64(await scalar("SELECT COUNT(*) FROM spans WHERE length(tags) = 0"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(["legacy-jaeger", "legacy-otlp"], await store.GetServicesAsync(Ct));
            Assert.Equal(2, (await store.GetTraceAsync(new TraceId(0x5e, 1), Ct)).Count);
            Assert.Equal([new TraceId(0x5e, 1)], await FindAsync(store, new TraceQuery { Service = "legacy-otlp", Tags = [new("customer", "c-42"), new("region", "eu")] }));
            Assert.Equal([new TraceId(0x5e, 1)], await FindAsync(store, new TraceQuery { Service = "legacy-otlp", Operation = "child-op", Tags = [new("db", "orders")] }));
            Assert.Empty(await FindAsync(store, new TraceQuery { Service = "legacy-otlp", Tags = [new("customer", "c-42"), new("db", "orders")] }));
            Assert.Equal([new TraceId(0x5e, 2)], await FindAsync(store, new TraceQuery { Service = "legacy-jaeger", Operation = "consume", Tags = [new("queue", "billing"), new("host", "h1")] }));

            var fresh = new SearchSpans("legacy-otlp");
            fresh.Add(3, "GET /orders", Start + 1_000_000_000, 1_000_000, [("customer", "c-42")], []);
            await store.WriteAsync(fresh.Records(), Ct);
            Assert.Equal([new TraceId(0x5e, 3), new TraceId(0x5e, 1)], await FindAsync(store, new TraceQuery { Service = "legacy-otlp", Tags = [new("customer", "c-42")] }));
        }

        static async Task<List<TraceId>> FindAsync(ISpanStore store, TraceQuery query) =>
            [.. (await store.FindTraceIdsAsync(query with { Limit = 20 }, Ct)).Select(f => f.TraceId)];
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // Schema 1 exactly as the first servers created it.
    private const string SqliteSchema1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
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
        """;

    // Schema 2 exactly as PostgreSQL servers of that version created it.
    private const string PostgresSchema2 = """
        CREATE TABLE schema_version (version integer NOT NULL);
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
        CREATE INDEX tag_index_key ON tag_index (bucket, hash, trace_id);
        CREATE TABLE operations (service text NOT NULL, span_kind text NOT NULL, name text NOT NULL, PRIMARY KEY (service, span_kind, name));
        INSERT INTO schema_version (version) VALUES (2);
        """;

    private const string PostgresSchema1 = """
        CREATE TABLE schema_version (version integer NOT NULL);
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
        """;
}
