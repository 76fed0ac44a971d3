using Sightline.LoadTest.Measuring;
using Sightline.LoadTest.Reporting;

namespace Sightline.LoadTest.Tests.Reporting;

public sealed class LoadTestReportTests
{
    [Fact]
    public void Ratios_are_taken_round_by_round_and_their_median_is_judged_against_the_goals()
    {
        // A drifts from 1000 to 2000 req/s over the run; B keeps 0.95 of A in each round, C 0.70.
        var report = Report(
            Round("A", 1, 1000, p99: 10), Round("B", 1, 950, p99: 11), Round("C", 1, 700, p99: 15),
            Round("A", 2, 2000, p99: 5), Round("B", 2, 1900, p99: 5.5), Round("C", 2, 1400, p99: 7.5),
            Round("A", 3, 1500, p99: 8), Round("B", 3, 1425, p99: 8.8), Round("C", 3, 1050, p99: 12));

        Assert.Equal(0.95, report.ThroughputRatio("B").Median, 6);
        Assert.Equal(0.70, report.ThroughputRatio("C").Median, 6);
        Assert.Equal(1.1, report.P99Ratio("B").Median, 6);
        var markdown = report.ToMarkdown();
        Assert.Contains("| throughput ÷ A (per round) | 1 | 0.95 (0.95–0.95) | 0.70 (0.70–0.70) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| requests/s | 1500 (1000–2000) | 1425 (950–1900) | 1050 (700–1400) |", markdown, StringComparison.Ordinal);
        Assert.Contains("B/A throughput ≥ 0.90: **met** (0.95)", markdown, StringComparison.Ordinal);
        Assert.Contains("B p99 ≤ 1.2 × A: **met** (1.10)", markdown, StringComparison.Ordinal);
        Assert.Contains("B ahead of C on throughput and p99 (their ratios to A): **met** (0.95 vs 0.70, 1.10 vs 1.50)", markdown, StringComparison.Ordinal);
        Assert.Contains("| spans dropped (agent's own count) | – | 3 of 1,000 finished (last status line) | not counted by the SDK |", markdown, StringComparison.Ordinal);
        Assert.Contains("| start → first answered GET /products/1, ms | 400 (300–500) | 600 | n/a |", markdown, StringComparison.Ordinal);
        Assert.Contains("Reproduce: `dotnet run -c Release --project bench/LoadTest/Sightline.LoadTest -- --rounds 3`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_goal_missed_is_said_so()
    {
        var report = Report(Round("A", 1, 1000, p99: 10), Round("B", 1, 800, p99: 13), Round("C", 1, 850, p99: 12));

        var markdown = report.ToMarkdown();

        Assert.Contains("B/A throughput ≥ 0.90: **not met** (0.80)", markdown, StringComparison.Ordinal);
        Assert.Contains("B p99 ≤ 1.2 × A: **not met** (1.30)", markdown, StringComparison.Ordinal);
        Assert.Contains("B ahead of C on throughput and p99 (their ratios to A): **not met** (0.80 vs 0.85, 1.30 vs 1.20)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("not quotable", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void B_is_judged_against_C_on_their_ratios_to_A_not_on_numbers_from_different_minutes()
    {
        // C's second round met a fast machine: its absolute median (950 req/s) is above B's (900), yet in every round
        // but that one it kept 0.85 of A where B kept 0.90.
        var report = Report(
            Round("A", 1, 1000, p99: 10), Round("B", 1, 900, p99: 11), Round("C", 1, 850, p99: 12),
            Round("A", 2, 500, p99: 20), Round("B", 2, 450, p99: 22), Round("C", 2, 950, p99: 10),
            Round("A", 3, 2000, p99: 5), Round("B", 3, 1800, p99: 5.5), Round("C", 3, 1700, p99: 6));

        var markdown = report.ToMarkdown();

        Assert.Contains("| requests/s | 1000 (500–2000) | 900 (450–1800) | 950 (850–1700) |", markdown, StringComparison.Ordinal);
        Assert.Contains("B ahead of C on throughput and p99 (their ratios to A): **met** (0.90 vs 0.85, 1.10 vs 1.20)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quick_run_is_not_judged_and_a_busy_machine_is_flagged()
    {
        var report = Report(Round("A", 1, 1000, p99: 10), Round("B", 1, 800, p99: 13), Round("C", 1, 850, p99: 12)) with
        {
            Options = LoadTestOptions.Parse(["--quick"]),
            LoadBefore = "3.50, 1.00, 0.50",
        };

        var markdown = report.ToMarkdown();

        Assert.Contains("Goals (issue 13): not judged on a --quick run.", markdown, StringComparison.Ordinal);
        Assert.Contains("these numbers are not quotable", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_load_the_run_itself_makes_does_not_flag_it()
    {
        // wrk, the storefront and its services alone keep the load average near 4 on two cores by the end.
        var report = Report(Round("A", 1, 1000, p99: 10), Round("B", 1, 950, p99: 11), Round("C", 1, 850, p99: 12)) with
        {
            LoadAfter = "5.78, 4.24, 2.12",
        };

        Assert.DoesNotContain("not quotable", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_garbage_collector_rows_are_per_round_and_per_request_and_say_when_there_is_no_reading()
    {
        // A: 10,000 requests in 10 s, 20 ms paused, 100 MB allocated, 8 collections (1 of gen1); B has no probe reading.
        var a = Round("A", 1, 1000, p99: 10) with { Gc = new GcSample(8, 1, 0, 20, 100L * 1024 * 1024) };
        var report = Report(a, Round("B", 1, 950, p99: 11), Round("C", 1, 850, p99: 12));

        var markdown = report.ToMarkdown();

        Assert.Contains("| GC: time paused, % of the round | 0.20 | n/a | n/a |", markdown, StringComparison.Ordinal);
        Assert.Contains("| GC: allocated per request, KB | 10.2 | n/a | n/a |", markdown, StringComparison.Ordinal);
        Assert.Contains("| GC: collections per 10k requests, all / gen1 / gen2 (medians) | 8.00 / 1.00 / 0.00 | n/a | n/a |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spread_of_an_even_count_takes_the_middle_two_and_skips_missing_values()
    {
        var spread = Spread.Of([4, double.NaN, 1, 3, 2]);

        Assert.Equal((2.5, 1, 4, 4), (spread.Median, spread.Min, spread.Max, spread.Count));
        Assert.Equal("2.5 (1.0–4.0)", spread.ToString("F1"));
        Assert.Equal("n/a", Spread.Of([]).ToString("F1"));
    }

    private static RoundResult Round(string key, int round, double rate, double p99) =>
        new(key, round, new WrkResult((long)(rate * 10), 10, rate, p99 / 2, p99, 0, 0), new CpuSample(500, 10), 10);

    private static LoadTestReport Report(params RoundResult[] rounds) => new(
        LoadTestOptions.Parse(["--rounds", "3"]),
        DateTimeOffset.UnixEpoch,
        "0.10, 0.20, 0.30",
        "0.40, 0.50, 0.60",
        "2 CPUs",
        "commit 1234567",
        TimeSpan.FromMinutes(8),
        ["bare", "Sightline agent", "OpenTelemetry SDK"],
        rounds,
        new Dictionary<string, List<double>> { ["A"] = [300, 500, 400], ["B"] = [600], ["C"] = [] },
        new Dictionary<string, ExportCount> { ["B"] = new(2000, 1000, 0), ["C"] = new(1990, 1000, 0) },
        new AgentPipelineStatus(1000, 1000, 990, 3, 7, "line"));
}
