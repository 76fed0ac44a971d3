using System.Globalization;

namespace Sightline.Benchmarks.Agent;

/// <summary>
/// Issue #7's start-up comparison with the two cases alternated (none, sightline, none, ...), so that the machine's
/// drift falls on both alike: the median of each, and the difference. Run:
/// <c>dotnet run -c Release --project bench/Sightline.Benchmarks -- startup-interleaved [runs, default 20]</c>.
/// </summary>
internal static class InterleavedStartup
{
    public const string Command = "startup-interleaved";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        using var probe = StartupProbe.Prepare();
        Console.WriteLine($"load average before: {LoadAverage()}");

        // One of each first: the files are then in the page cache for both.
        await probe.FirstAnswerAsync(withAgent: false);
        await probe.FirstAnswerAsync(withAgent: true);
        var none = new List<double>();
        var sightline = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            none.Add((await probe.FirstAnswerAsync(withAgent: false)).TotalMilliseconds);
            sightline.Add((await probe.FirstAnswerAsync(withAgent: true)).TotalMilliseconds);
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine(Line("none", none));
        Console.WriteLine(Line("sightline", sightline));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added (median): {Median(sightline) - Median(none):F1} ms (goal < 50 ms), {runs} cold starts each"));
        return 0;
    }

    private static string Line(string name, List<double> values) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-10} median {Median(values),6:F1} ms  min {values.Min(),6:F1}  max {values.Max(),6:F1}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
}
