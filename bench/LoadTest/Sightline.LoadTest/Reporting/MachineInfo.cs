using System.Runtime.InteropServices;

namespace Sightline.LoadTest.Reporting;

/// <summary>The machine a run happened on, from <c>/proc</c>, as docs/performance.md records it.</summary>
public static class MachineInfo
{
    /// <summary>The 1, 5 and 15 minute load averages, as <c>uptime</c> prints them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>CPUs, CPU model, memory, kernel and .NET in one line.</summary>
    public static string Describe()
    {
        var model = ProcLine("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = ProcLine("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kb)
            ? $"{kb / 1024.0 / 1024.0:F1} GiB"
            : "unknown memory";
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;
        return $"{Environment.ProcessorCount} CPUs ({model}), {memory}, Linux {kernel}, {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The commit the agent and the shop were built from, and whether their folders had changes not committed.</summary>
    public static string SourceVersion(string root)
    {
        var commit = Git(root, "rev-parse", "--short", "HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit))
        {
            return "unknown commit";
        }

        var changes = Git(root, "status", "--porcelain", "--", "agent", "core", "spi", "plugins", "samples");
        return string.IsNullOrWhiteSpace(changes) ? "commit " + commit : $"commit {commit} with local changes in agent/core/spi/plugins/samples";
    }

    private static string? Git(string root, params string[] arguments)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", root, .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git: the report says the commit is unknown.
            return null;
        }
    }

    private static string? ProcLine(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault()
            : null;
}
