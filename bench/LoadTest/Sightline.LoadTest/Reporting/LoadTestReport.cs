using System.Globalization;
using System.Text;
using Sightline.LoadTest.Measuring;

namespace Sightline.LoadTest.Reporting;

/// <summary>Everything one run measured, and the markdown table docs/performance.md shows.</summary>
public sealed record LoadTestReport(
    LoadTestOptions Options,
    DateTimeOffset StartedAt,
    string LoadBefore,
    string LoadAfter,
    string Machine,
    string Source,
    TimeSpan Elapsed,
    IReadOnlyList<string> Titles,
    IReadOnlyList<RoundResult> Rounds,
    IReadOnlyDictionary<string, List<double>> Starts,
    IReadOnlyDictionary<string, ExportCount> Exports,
    AgentPipelineStatus? AgentStatus)
{
    private static readonly string[] Keys = ["A", "B", "C"];

    /// <summary>Throughput of <paramref name="key"/> over A's, round by round.</summary>
    public Spread ThroughputRatio(string key) => Paired(key, r => r.Wrk.RequestsPerSecond);

    /// <summary>p99 of <paramref name="key"/> over A's, round by round.</summary>
    public Spread P99Ratio(string key) => Paired(key, r => r.Wrk.P99Ms);

    public Spread Of(string key, Func<RoundResult, double> value) => Spread.Of(Rounds.Where(r => r.Key == key).Select(value));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var o = Options;
        text.AppendLine(CultureInfo.InvariantCulture, $"Load test of the sample shop's storefront, {StartedAt:yyyy-MM-dd HH:mm} UTC{(o.Quick ? " (--quick smoke run: too short to quote)" : string.Empty)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Mix `{o.Mix}`; {o.Rounds} rounds of A, B, C × {o.Duration} s measured (after {o.Warmup} s warm-up each, {o.RoundWarmup} s before each round); wrk -t{o.Threads} -c{o.Connections}; storefront on CPU {o.AppCpu}, everything else on CPU {o.LoadCpu}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}. Load average before {LoadBefore}, after {LoadAfter} (the run's own processes included).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Built from {Source}; the measurement took {Elapsed.TotalMinutes:F1} min.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| median (min–max) over rounds | A {Titles[0]} | B {Titles[1]} | C {Titles[2]} |");
        text.AppendLine("|---|---:|---:|---:|");
        Row(text, "requests/s", k => Of(k, r => r.Wrk.RequestsPerSecond).ToString("F0"));
        Row(text, "throughput ÷ A (per round)", k => k == "A" ? "1" : ThroughputRatio(k).ToString("F2"));
        Row(text, "p50 latency, ms", k => Of(k, r => r.Wrk.P50Ms).ToString("F2"));
        Row(text, "p99 latency, ms", k => Of(k, r => r.Wrk.P99Ms).ToString("F2"));
        Row(text, "p99 ÷ A (per round)", k => k == "A" ? "1" : P99Ratio(k).ToString("F2"));
        Row(text, "storefront CPU per request, µs", k => Of(k, r => r.CpuPerRequest * 1e6).ToString("F0"));
        Row(text, "CPU per request − A's (per round), µs", k => k == "A" ? "–" : Paired(k, r => r.CpuPerRequest * 1e6, (x, a) => x - a).ToString("F0"));
        Row(text, "of it the instrumentation's own threads, µs", k => k == "A" ? "–" : $"{Of(k, r => r.BackgroundCpuPerRequest * 1e6).ToString("F1")} ({ThreadNames(k)})");
        Row(text, "storefront's use of its core", k => Of(k, r => r.CoreUse * 100).ToString("F0") + " %");
        Row(text, "GC: time paused, % of the round", k => Of(k, r => r.GcPausePercent).ToString("F2"));
        Row(text, "GC: allocated per request, KB", k => Of(k, r => r.AllocatedPerRequest / 1024).ToString("F1"));
        Row(text, "GC: collections per 10k requests, all / gen1 / gen2 (medians)", Collections);
        Row(text, "spans received ÷ requests sent", k => Exports.TryGetValue(k, out var e) ? string.Create(CultureInfo.InvariantCulture, $"{e.SpansPerRequest:F3} ({e.Spans:N0} ÷ {e.Requests:N0})") : "–");
        Row(text, "spans dropped (agent's own count)", k => k switch
        {
            "B" when AgentStatus is { } s => string.Create(CultureInfo.InvariantCulture, $"{s.Dropped:N0} of {s.Finished:N0} finished (last status line)"),
            "B" => "no status line yet (written once a minute)",
            "C" => "not counted by the SDK",
            _ => "–",
        });
        Row(text, "start → first answered GET /products/1, ms", k => Spread.Of(Starts.TryGetValue(k, out var s) ? s : []).ToString("F0"));
        Row(text, "non-2xx / socket errors (all rounds)", k => $"{Rounds.Where(r => r.Key == k).Sum(r => r.Wrk.Non2xx)} / {Rounds.Where(r => r.Key == k).Sum(r => r.Wrk.SocketErrors)}");
        text.AppendLine();
        if (o.Quick)
        {
            text.AppendLine("Goals (issue 13): not judged on a --quick run.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Goals (issue 13): B/A throughput ≥ 0.90: **{Verdict(ThroughputRatio("B").Median >= 0.90)}** ({ThroughputRatio("B").Median:F2}); B p99 ≤ 1.2 × A: **{Verdict(P99Ratio("B").Median <= 1.2)}** ({P99Ratio("B").Median:F2}); B ahead of C on throughput and p99 (their ratios to A): **{Verdict(BAheadOfC())}** ({ThroughputRatio("B").Median:F2} vs {ThroughputRatio("C").Median:F2}, {P99Ratio("B").Median:F2} vs {P99Ratio("C").Median:F2}).");
        }

        // Only the load before counts: during and after the run wrk, the storefront and its downstream services keep
        // the load average above 1 by themselves.
        if (Busy(LoadBefore))
        {
            text.AppendLine();
            text.AppendLine("**The machine was busy (a load average above 1 before the run): these numbers are not quotable.**");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/LoadTest/Sightline.LoadTest --{(o.Arguments.Count == 0 ? string.Empty : " " + string.Join(' ', o.Arguments))}`");
        return text.ToString();
    }

    // The one-minute load average of a "1.00, 0.50, 0.20" line.
    private static bool Busy(string loadAverage) =>
        double.TryParse(loadAverage.Split(',')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) && load > 1.0;

    // Medians only: three spreads in one cell would not be read.
    private string Collections(string key)
    {
        var medians = Enumerable.Range(0, 3).Select(g => Of(key, r => r.CollectionsPer10kRequests(g))).ToArray();
        return medians[0].Count == 0 ? "n/a" : string.Join(" / ", medians.Select(m => m.Median.ToString("F2", CultureInfo.InvariantCulture)));
    }

    // On the ratios to A of the same round, as the other goals: B's and C's absolute medians come from rounds minutes
    // apart, and the VM's drift between them can outweigh the difference between the two instrumentations.
    private bool BAheadOfC() =>
        ThroughputRatio("B").Median > ThroughputRatio("C").Median && P99Ratio("B").Median < P99Ratio("C").Median;

    private static string Verdict(bool met) => met ? "met" : "not met";

    private static string ThreadNames(string key) => key == "B" ? "`Sightline.*`" : "`OpenTelemetry*`";

    private static void Row(StringBuilder text, string name, Func<string, string> cell) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", Keys.Select(cell))} |");

    // Each round's value of key against A's in the same round (the rounds alternate, so they are neighbours in time).
    private Spread Paired(string key, Func<RoundResult, double> value, Func<double, double, double>? compare = null)
    {
        compare ??= (x, a) => x / a;
        var baseline = Rounds.Where(r => r.Key == "A").ToDictionary(r => r.Round, value);
        return Spread.Of(Rounds.Where(r => r.Key == key && baseline.ContainsKey(r.Round)).Select(r => compare(value(r), baseline[r.Round])));
    }
}
