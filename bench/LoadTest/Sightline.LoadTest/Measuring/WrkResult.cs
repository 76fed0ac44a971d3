using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.LoadTest.Measuring;

/// <summary>What one <c>wrk --latency</c> run printed: requests, throughput, latency percentiles, errors.</summary>
public sealed partial record WrkResult(long Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors)
{
    /// <summary>Reads wrk's summary; <see cref="FormatException"/> naming the missing line when it is not one.</summary>
    public static WrkResult Parse(string output)
    {
        var summary = Summary().Match(output);
        if (!summary.Success)
        {
            throw new FormatException("wrk printed no '<n> requests in <t>' line:\n" + output);
        }

        var rate = Rate().Match(output);
        if (!rate.Success)
        {
            throw new FormatException("wrk printed no 'Requests/sec:' line:\n" + output);
        }

        var socket = SocketErrorsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        return new WrkResult(
            long.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture),
            ToSeconds(summary.Groups[2].Value, summary.Groups[3].Value),
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "99"),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, @"^\s*" + percent + @"(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new FormatException($"wrk printed no {percent}% latency line (was it run with --latency?):\n" + output);
        }

        return ToSeconds(match.Groups[1].Value, match.Groups[2].Value) * 1000;
    }

    private static double ToSeconds(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => throw new FormatException($"unknown wrk time unit '{unit}'"),
    };

    [GeneratedRegex(@"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex Rate();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();
}
