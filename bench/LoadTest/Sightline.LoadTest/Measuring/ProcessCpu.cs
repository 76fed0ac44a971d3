using System.Diagnostics;
using System.Globalization;

namespace Sightline.LoadTest.Measuring;

/// <summary>
/// CPU time of a process and of some of its threads, from <c>/proc/&lt;pid&gt;/stat</c> and
/// <c>/proc/&lt;pid&gt;/task/*/{stat,comm}</c> (utime + stime, in clock ticks). A thread is picked by the start of
/// its name as Linux keeps it: .NET passes <c>Thread.Name</c> on, cut to 15 characters.
/// </summary>
public static class ProcessCpu
{
    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);

    /// <summary>Seconds of CPU per clock tick of <c>/proc</c> (1/CLK_TCK).</summary>
    public static double SecondsPerTick => 1.0 / TicksPerSecond.Value;

    /// <summary>Reads the whole process's ticks and those of its threads named with one of <paramref name="threadPrefixes"/>.</summary>
    public static CpuSample Sample(int pid, IReadOnlyList<string> threadPrefixes)
    {
        var process = ParseTicks(File.ReadAllText($"/proc/{pid}/stat"));
        long threads = 0;
        if (threadPrefixes.Count > 0)
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                    if (threadPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                    {
                        threads += ParseTicks(File.ReadAllText(Path.Combine(task, "stat")));
                    }
                }
                catch (IOException)
                {
                    // The thread ended between the listing and the read; its time stays in the process total.
                }
            }
        }

        return new CpuSample(process, threads);
    }

    /// <summary>utime + stime (fields 14 and 15) of one <c>stat</c> line; the name in parentheses may hold spaces.</summary>
    public static long ParseTicks(string stat)
    {
        var end = stat.LastIndexOf(')');
        var fields = end < 0 ? [] : stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            throw new FormatException($"not a /proc stat line: '{stat.Trim()}'");
        }

        return user + system;
    }

    private static double ReadTicksPerSecond()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit();
            return double.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: Linux has used 100 for user-visible ticks on every architecture for decades.
            return 100;
        }
    }
}
