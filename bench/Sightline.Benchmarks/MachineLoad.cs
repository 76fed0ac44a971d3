namespace Sightline.Benchmarks;

/// <summary>What the hand-run comparisons print beside their numbers: on a shared VM the load explains a bad run.</summary>
internal static class MachineLoad
{
    /// <summary>The line of /proc/loadavg, or "?" where there is none.</summary>
    public static string Now() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
}
