using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Sightline.Core.Configuration;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Benchmarks.Tracing;

// 2026-11-25 14:28-14:40 UTC, the handle without its tracer (16 bytes) against the one that held it, one median ratio
// per process: direct 1.057 (12 processes) against 1.072 (16), facade 1.087 against 1.084. Medians under the goal, a
// process in three or four above it.
// 2026-11-25 14:03-14:04 UTC (a fast VM: bare 165 ns; load 3-4), the tracer unchanged, five processes, runtime
// defaults: direct 1.104, 1.106, 1.091, 1.109, 1.092; facade 1.099, 1.134, 1.124, 1.147, 1.097. At the goal's edge.
// 2026-11-25 09:20-09:27 UTC, load 1.2-1.9, at 8780af7 (the tracer unchanged since), 200 rounds each, median of the
// per-round ratios (quartiles):
// | runtime default (tiered PGO on) | direct 1.091 (1.06-1.14), 1.051 (1.00-1.10), 1.082 (1.04-1.13), 1.152 (1.11-1.20),   |
// |                                 | 1.112 (1.06-1.15), 1.237 (1.19-1.29); facade 1.193, 1.053, 1.111, 1.242, 1.116, 1.276 |
// | DOTNET_TieredPGO=0              | direct 1.156, 1.155, 1.154, 1.166, 1.173; facade 1.164, 1.152, 1.169, 1.179, 1.182     |
// Goal (<= 1.10) NOT met reliably: without PGO the Local span costs 15-17 % more than the bare Activity, run after run;
// with PGO the ratio is drawn anew in each process (1.05-1.24 for the same build: the tier-1 code differs), and met in
// about half of the processes. The rounds inside one process agree to a few per cent, so the spread is the JIT's, not
// the VM's. Where the ~15 % go (builds with one piece cut out, PGO off, same harness): the stop's read of
// Activity.Current (Stop without it: 1.13) ~5 %, the member's stop accounting in the listener (cut: 1.13) ~5 %, the
// start before the Activity (the read of Activity.Current, the segment's lookup and join: all three cut, 1.01) ~7 %;
// the two atomic operations and the sink call measured nothing.
// Why the ratio moves between processes (09:51, six processes, DOTNET_JitDisasmSummary): the loops' tier-1 code differs.
// Small loops (bare 1,406-1,485 B, direct 2,369-2,420 B) and ActivitySource.CreateActivity never re-compiled at tier 1,
// four processes: 1.079, 1.085, 1.101, 1.102. Both loops large (bare 3,438 B, direct 5,393 B), CreateActivity with a
// tier-1 body: 1.211. Only ours large (bare 1,406 B, direct 3,573 B): 1.008. What the JIT inlines into which loop
// decides the ratio, and the same lottery decides a real instrumentation's cost.

/// <summary>
/// Issue #5's span ratio measured the way the VM's drift cannot bias: the bare Activity, the Local span called directly
/// and the Local span through the <see cref="Tracer"/> facade run in one process, round by round in rotating order, each
/// round 16,384 child spans of each; the ratio is taken per round, so a slow minute falls on both sides of it.
/// BenchmarkDotNet's <see cref="SpanBenchmarks"/> runs each row in its own process minutes apart, and on this VM the
/// same build's child ratio read 1.13-1.42x there. Run:
/// <c>dotnet run -c Release --project bench/Sightline.Benchmarks -- span-interleaved [rounds, default 200]</c>.
/// </summary>
internal static class InterleavedSpans
{
    public const string Command = "span-interleaved";

    private const int Batch = 256;
    private const int BatchesPerRound = 64;
    private const int WarmUpRounds = 40;

    private delegate void Loop(ActivityTracer tracer);

    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        using var tracer = new ActivityTracer(new TracingOptions { SpanLimitPerSegment = int.MaxValue }, new DiscardingSink());
        var parent = tracer.CreateEntrySpan("GET /", new Dictionary<string, string>(), static (h, k) => h.GetValueOrDefault(k), SpanLayer.Http).Activity!;
        Activity.Current = null;
        Tracer.Install(tracer);
        try
        {
            Loop[] loops = [Bare, Direct, ThroughFacade];
            var perSpan = loops.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < WarmUpRounds + rounds; round++)
            {
                for (var k = 0; k < loops.Length; k++)
                {
                    // Rotated, so that none of the three always runs right after the same one.
                    var which = (round + k) % loops.Length;
                    var nanoseconds = Measure(loops[which], tracer, parent);
                    if (round >= WarmUpRounds)
                    {
                        perSpan[which].Add(nanoseconds);
                    }
                }
            }

            Console.WriteLine($"load average: {MachineLoad.Now()}");
            Console.WriteLine(Line("bare Activity", perSpan[0], null));
            Console.WriteLine(Line("Local, direct", perSpan[1], perSpan[0]));
            Console.WriteLine(Line("Local, facade", perSpan[2], perSpan[0]));
            Console.WriteLine($"{rounds} rounds of {Batch * BatchesPerRound} child spans each; goal: ratio <= 1.10");
            return 0;
        }
        finally
        {
            Tracer.Uninstall(tracer);
        }
    }

    private static double Measure(Loop loop, ActivityTracer tracer, Activity parent)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < BatchesPerRound; i++)
        {
            Activity.Current = parent;
            loop(tracer);
            Activity.Current = null;
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / (Batch * BatchesPerRound);
    }

    // The three loops are SpanBenchmarks' Child rows.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Bare(ActivityTracer tracer)
    {
        for (var i = 0; i < Batch; i++)
        {
            var activity = tracer.Source.StartActivity("local", ActivityKind.Internal)!;
            activity.SetTag("http.request.method", "GET");
            activity.SetTag("http.response.status_code", 200);
            activity.Stop();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Direct(ActivityTracer tracer)
    {
        for (var i = 0; i < Batch; i++)
        {
            var span = tracer.CreateLocalSpan("local");
            span.SetTag("http.request.method", "GET");
            span.SetTag("http.response.status_code", 200);
            span.Stop();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThroughFacade(ActivityTracer tracer)
    {
        for (var i = 0; i < Batch; i++)
        {
            var span = Tracer.CreateLocalSpan("local");
            span.SetTag("http.request.method", "GET");
            span.SetTag("http.response.status_code", 200);
            span.Stop();
        }
    }

    private static string Line(string name, List<double> values, List<double>? baseline)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{name,-14} median {Median(values),6:F1} ns  min {values.Min(),6:F1}");
        if (baseline is null)
        {
            return line;
        }

        var ratios = values.Zip(baseline, (value, bare) => value / bare).ToList();
        var met = ratios.Count(r => r <= 1.10) * 100.0 / ratios.Count;
        return line + string.Create(CultureInfo.InvariantCulture,
            $"  ratio per round: median {Median(ratios):F3}, quartiles {Quantile(ratios, 0.25):F3}-{Quantile(ratios, 0.75):F3}, <= 1.10 in {met:F0} %");
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }

    private sealed class DiscardingSink : ISpanSink
    {
        public void OnSpanFinished(Activity span)
        {
        }
    }
}
