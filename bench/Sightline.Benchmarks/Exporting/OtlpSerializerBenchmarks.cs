// Last runs (2026-11-24 18:38 UTC, default job, load average ~2, AMD EPYC 2 cores, .NET 10.0.12), 0 B allocated:
//   ids decoded by the id structs' own CopyTo (e374809):          531.2 ns per span
//   ids decoded from the hex strings by Convert.FromHexString:    472.4 ns per span
// (An earlier short run at load 6-10 gave 616 ns.)
// 2026-11-24 19:30-19:50 UTC, load average 8-13 (others building): BenchmarkDotNet's times were useless (stddev up to
// 0.7 us), so the same batches were timed by thread CPU time in one process, variants interleaved, min of 25 rounds
// of 40 fresh 512-span batches (per-request strings as new instances, as below):
//   before (Encoding.UTF8 for every string):                       522-560 ns per span
//   a reference-keyed cache of encoded strings (not kept):          537-562 ns per span: no faster than encoding
//   ASCII strings copied by Ascii.FromUtf16, length known before:   478-491 ns per span (same bytes written)
//   + short ASCII string and int attributes with one-byte lengths known up front (no reserved four-byte lengths to
//     patch): 461-638 ns per span against 530-749 ns for the previous commit, run alternately at load 4-6 (the other
//     load swung between runs); 12.7% fewer bytes (190,719 instead of 218,379 per 512-span batch)
// BenchmarkDotNet once the load fell (2026-11-24 20:23 UTC, `--inProcess`, this batch shape), 0 B allocated:
//   before this session's changes (98a63ee), load 2.9-3.3:          493.4 ns per span (stddev 5.1)
//   ASCII copy + one-byte attribute lengths (00187e3), load 2.0-2.7: 371.6 ns per span (stddev 4.7)
// The consumer's SegmentIds.Write pass, timed the same way on tracer-made spans (entry + exit, load ~10): 185-199 ns
// per span, which an exporter writing the ids itself (ISegmentIdWriter, OTLP) spares; serializing the spans as the
// tracer leaves them (ids from the segment object or the parent chain) cost the same as after Write (592-606 ns vs
// 575-672 ns). The tag key below is the real one since then.

using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Sightline.Core.Exporting.Otlp;

namespace Sightline.Benchmarks.Exporting;

/// <summary>
/// The agent's OTLP serializer on a full batch (512 spans) shaped like the sample shop's: a server span with nine tags
/// and a client span with eight, as the ASP.NET Core and HttpClient plugins write them. Read per span: divide by 512.
/// For comparison, OpenTelemetry's own serializer took ~1.25 µs per span of the same shape inside the storefront
/// (perf, docs/performance.md "Where B's time goes").
/// Run: dotnet run -c Release --project bench/Sightline.Benchmarks -- --filter '*OtlpSerializerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class OtlpSerializerBenchmarks
{
    private const int Batch = 512;
    private static readonly ActivitySource Source = new("Sightline.Benchmarks.Otlp", "1.0.0");
    private readonly OtlpTraceSerializer _serializer = new([new("service.name", "storefront"), new("telemetry.sdk.name", "sightline")]);
    private Activity[] _batch = [];
    private ActivityListener? _listener;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new ActivityListener
        {
            // By name: reading the static field here would create the source inside the listener's own registration.
            ShouldListenTo = source => source.Name == "Sightline.Benchmarks.Otlp",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        _batch = [.. Enumerable.Range(0, Batch / 2).SelectMany(Request)];
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Serialize_per_span() => _serializer.Serialize(_batch).Count;

    // Strings made per request are new instances, as in the plugins: only the constant ones repeat by reference.
    private static Activity[] Request(int number)
    {
        var path = string.Concat("/products/", (number % 100).ToString(CultureInfo.InvariantCulture));
        var server = Source.StartActivity(string.Concat("GET", " ", "/products/{id}"), ActivityKind.Server)!;
        server.SetTag("sightline.segment_id", server.SpanId.ToHexString());
        server.SetTag("sightline.layer", "http");
        server.SetTag("component", "AspNetCore");
        server.SetTag("http.request.method", "GET");
        server.SetTag("url.full", string.Concat("http", "://", "127.0.0.1:5100", path));
        server.SetTag("url.path", path);
        server.SetTag("client.address", "127.0.0.1");
        server.SetTag("client.port", 53412);
        server.SetTag("http.response.status_code", 200);
        var client = Source.StartActivity(string.Concat("GET", " ", path), ActivityKind.Client)!;
        client.SetTag("sightline.segment_id", server.SpanId.ToHexString());
        client.SetTag("sightline.layer", "http");
        client.SetTag("peer", string.Concat("127.0.0.1", ":", "5101"));
        client.SetTag("component", "HttpClient");
        client.SetTag("http.request.method", "GET");
        client.SetTag("url.full", string.Concat("http", "://", "127.0.0.1:5101", path));
        client.SetTag("server.address", "127.0.0.1");
        client.SetTag("server.port", 5101);
        client.SetTag("http.response.status_code", 200);
        client.Stop();
        server.Stop();
        return [server, client];
    }
}
