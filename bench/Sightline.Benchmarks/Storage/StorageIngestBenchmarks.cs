using BenchmarkDotNet.Attributes;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Benchmarks.Storage;

// Last results (2026-11-24, 2 cores shared with other helpers' builds and tests, --job short --inProcess):
// | Backend  | load avg ~3 (before multi-row tag inserts) | load avg ~11 (after) | Allocated |
// | postgres | 147.3 ms (~6,800 spans/s)                  | 238.7 ms             |   3.4 MB  |
// | sqlite   | 255.0 ms (~3,900 spans/s)                  | 263.0 ms             |  10.3 MB  |
// Goal on SQLite: 50,000 spans/s (20 ms per batch) — NOT met. Each span writes ~22 index rows (20 attributes plus
// derived tags) into the (hash, span) tag index; that index is the cost to remove next (e.g. per-trace tag sets).

/// <summary>
/// Ingest rate: one OTLP request of 1,000 spans × 20 attributes per operation, converted and committed
/// (goal on SQLite: ≥ 50,000 spans/s on 2 cores, i.e. ≤ 20 ms per operation). Spans/s = 1,000 / Mean.
/// </summary>
[MemoryDiagnoser]
public class StorageIngestBenchmarks
{
    private const int BatchSize = 1000;
    private readonly List<ExportTraceServiceRequest> _batches = [];
    private ISpanStore _store = null!;
    private int _next;

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await BenchmarkBackend.OpenAsync(Backend, "ingest", fresh: true);
        var now = TimeUnits.NowNanos();
        for (var i = 0; i < 64; i++)
        {
            _batches.Add(BenchmarkSpans.Batch(i * (BatchSize / BenchmarkSpans.SpansPerTrace), BatchSize, now));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(Description = "1,000 spans x 20 attributes")]
    public Task IngestBatch()
    {
        var request = _batches[_next++ % _batches.Count];
        return _store.WriteAsync(OtlpSpanRecordFactory.Create(request), CancellationToken.None);
    }
}
