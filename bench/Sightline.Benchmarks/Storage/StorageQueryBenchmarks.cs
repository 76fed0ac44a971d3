using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Benchmarks.Storage;

// Last results (2026-11-24 08:00-08:08 UTC, schema 2, 1,000,000 spans (100,000 traces, 10 services) stored,
// --job short --inProcess; 2 shared cores with the load average at 35-82 from other helpers' builds and tests):
// | Method      | Backend  | Mean       | Median     | Max        | P95        |
// | ByService   | postgres |  27.356 ms |  28.461 ms |  29.354 ms |  29.265 ms |
// | ByOperation | postgres | 136.790 ms | 107.004 ms | 204.644 ms | 194.880 ms |
// | ByTag       | postgres | 155.230 ms | 181.010 ms | 183.982 ms | 183.684 ms |
// | ByService   | sqlite   |  17.703 ms |  15.801 ms |  23.221 ms |  22.479 ms |
// | ByOperation | sqlite   |  26.372 ms |  19.671 ms |  51.845 ms |  48.628 ms |
// | ByTag       | sqlite   |   4.370 ms |   4.470 ms |   5.422 ms |   5.327 ms |
// Goal p99 <= 100 ms: met on SQLite (even under that load); NOT shown on PostgreSQL for ByOperation and ByTag
// (100-205 ms at load 58-82, not investigated further: the tag-index probe sends `bucket IN (64 literals)` per
// hour of the two-day window; check its plan with EXPLAIN on an idle machine first).

/// <summary>
/// FindTraces (the 20 newest matching traces, read back whole) with <c>SIGHTLINE_BENCH_SPANS</c> spans stored
/// (default 1,000,000), by service, by operation and by a tag. Goal: p99 ≤ 100 ms; P95 and Max are shown
/// (Max ≤ 100 ms implies p99 ≤ 100 ms). The data set is built once and kept between runs in the temp folder
/// (SQLite) or the database <c>sightline_bench_query_&lt;n&gt;</c> (PostgreSQL).
/// </summary>
[Config(typeof(PercentileConfig))]
public class StorageQueryBenchmarks
{
    private ISpanStore _store = null!;
    private long _windowStart;
    private long _windowEnd;

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    private static int SpanCount => int.TryParse(Environment.GetEnvironmentVariable("SIGHTLINE_BENCH_SPANS"), out var n) ? n : 1_000_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var now = TimeUnits.NowNanos();
        _store = await BenchmarkBackend.OpenAsync(Backend, "query_" + SpanCount, fresh: false);
        // The data set is complete when its last trace is there; an interrupted load is started again from scratch.
        var lastTrace = new TraceId(0x5b00_0000_0000_0000, (ulong)((SpanCount / BenchmarkSpans.SpansPerTrace) - 1));
        if ((await _store.GetTraceAsync(lastTrace, CancellationToken.None)).Count == 0)
        {
            await _store.DisposeAsync();
            _store = await BenchmarkBackend.OpenAsync(Backend, "query_" + SpanCount, fresh: true);
            for (var written = 0; written < SpanCount; written += 1000)
            {
                await _store.WriteAsync(OtlpSpanRecordFactory.Create(BenchmarkSpans.Batch(written / BenchmarkSpans.SpansPerTrace, 1000, now)), CancellationToken.None);
            }
        }

        // A two-day window, as the UI asks by default; data written on an earlier day is still inside it.
        _windowEnd = now;
        _windowStart = now - (2L * 86_400 * 1_000_000_000);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark]
    public Task<int> ByService() => FindAsync(new TraceQuery { Service = "service-3" });

    [Benchmark]
    public Task<int> ByOperation() => FindAsync(new TraceQuery { Service = "service-3", Operation = "operation-7" });

    [Benchmark]
    public Task<int> ByTag() => FindAsync(new TraceQuery { Service = "service-3", Tags = [new("customer.id", "customer-4243")] });

    private async Task<int> FindAsync(TraceQuery query)
    {
        var found = await _store.FindTraceIdsAsync(query with { StartMinNanos = _windowStart, StartMaxNanos = _windowEnd, Limit = 20 }, CancellationToken.None);
        var spans = 0;
        // Read back as the query API does: the found traces in one query.
        foreach (var trace in await _store.GetTracesAsync([.. found.Select(f => f.TraceId)], CancellationToken.None))
        {
            foreach (var span in trace)
            {
                spans += StoredSpanDecoder.ToJaeger(span).Tags.Count > 0 ? 1 : 0;
            }
        }

        return spans;
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P95, StatisticColumn.Max);
    }
}
