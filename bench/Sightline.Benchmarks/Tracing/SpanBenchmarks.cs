using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Sightline.Core.Configuration;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Benchmarks.Tracing;

// Last result (2026-11-24 05:49, ShortRun, --inProcess, AMD EPYC 2.1 GHz, 2 cores, .NET 10.0.12, load average 2.9):
// | Method              | Category  | Mean      | Ratio | Allocated |
// | BareActivity_Child  | Child     | 216 ns    | 1.00  | 544 B     |
// | LocalSpan_Child     | Child     | 378 ns    | 1.75  | 584 B     |  goal <= 1.1x: NOT met
// | BareActivity_Root   | Root      | 214 ns    | 1.00  | 560 B     |
// | LocalSpan_Root      | Root      | 409 ns    | 1.91  | 680 B     |  goal <= 1.1x: NOT met
// | LocalSpan_Unsampled | Unsampled | 5.7 ns    | -     | 0 B       |  goal < 20 ns: met
// An earlier run at load average 17-30 read 1.23-1.33x: the bare Activity suffered more from the load.

/// <summary>
/// A Local span with two tags through the tracer against a bare <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// and Stop on the tracer's own source, so both go through the same listener in the same run (goal: at most 1.1x);
/// a span inside an unsampled trace (goal: under 20 ns); bytes per span.
/// "Root" spans have no parent (each one starts a trace and a segment); "Child" spans run under a sampled Entry
/// span, 256 per invocation so that making the parent current once is spread thin.
/// Run: dotnet run -c Release --project bench/Sightline.Benchmarks -- --filter '*SpanBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SpanBenchmarks
{
    private const int Batch = 256;
    private ActivityTracer _tracer = null!;
    private Activity _sampledParent = null!;
    private Activity _unsampledParent = null!;

    [GlobalSetup]
    public void Setup()
    {
        // No span limit: the benchmark puts millions of spans into one segment.
        _tracer = new ActivityTracer(new TracingOptions { SpanLimitPerSegment = int.MaxValue }, new DiscardingSink());
        var headers = new Dictionary<string, string>();
        _sampledParent = _tracer.CreateEntrySpan("GET /", headers, Get, SpanLayer.Http).Activity!;
        Activity.Current = null;
        headers["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        _unsampledParent = _tracer.CreateEntrySpan("GET /", headers, Get, SpanLayer.Http).Activity!;
        Activity.Current = null;
    }

    [GlobalCleanup]
    public void Cleanup() => _tracer.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Root")]
    public void BareActivity_Root()
    {
        var activity = _tracer.Source.StartActivity("local", ActivityKind.Internal)!;
        activity.SetTag("http.request.method", "GET");
        activity.SetTag("http.response.status_code", 200);
        activity.Stop();
    }

    [Benchmark]
    [BenchmarkCategory("Root")]
    public void LocalSpan_Root()
    {
        var span = _tracer.CreateLocalSpan("local");
        span.SetTag("http.request.method", "GET");
        span.SetTag("http.response.status_code", 200);
        span.Stop();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Child")]
    public void BareActivity_Child()
    {
        var previous = Activity.Current;
        Activity.Current = _sampledParent;
        for (var i = 0; i < Batch; i++)
        {
            var activity = _tracer.Source.StartActivity("local", ActivityKind.Internal)!;
            activity.SetTag("http.request.method", "GET");
            activity.SetTag("http.response.status_code", 200);
            activity.Stop();
        }

        Activity.Current = previous;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Child")]
    public void LocalSpan_Child()
    {
        var previous = Activity.Current;
        Activity.Current = _sampledParent;
        for (var i = 0; i < Batch; i++)
        {
            var span = _tracer.CreateLocalSpan("local");
            span.SetTag("http.request.method", "GET");
            span.SetTag("http.response.status_code", 200);
            span.Stop();
        }

        Activity.Current = previous;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Unsampled")]
    public void LocalSpan_Unsampled()
    {
        var previous = Activity.Current;
        Activity.Current = _unsampledParent;
        for (var i = 0; i < Batch; i++)
        {
            var span = _tracer.CreateLocalSpan("local");
            span.SetTag("http.request.method", "GET");
            span.SetTag("http.response.status_code", 200);
            span.Stop();
        }

        Activity.Current = previous;
    }

    private static string? Get(Dictionary<string, string> headers, string key) => headers.GetValueOrDefault(key);

    private sealed class DiscardingSink : ISpanSink
    {
        public void OnSpanFinished(Activity span)
        {
        }
    }
}
