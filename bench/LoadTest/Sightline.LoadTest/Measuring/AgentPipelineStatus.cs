using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.LoadTest.Measuring;

/// <summary>
/// The last <c>sightline pipeline: spans created=… exported=… dropped=…</c> line of an agent log (the agent writes
/// one a minute when anything changed, so a run shorter than a minute has none).
/// </summary>
public sealed partial record AgentPipelineStatus(long Created, long Finished, long Exported, long Dropped, long Queued, string Line)
{
    /// <summary>The last status line in the <c>sightline-*.log</c> files of <paramref name="folder"/>, or null.</summary>
    public static AgentPipelineStatus? Last(string folder) =>
        !Directory.Exists(folder)
            ? null
            : Directory.EnumerateFiles(folder, "sightline-*.log")
                .SelectMany(File.ReadLines)
                .Select(Parse)
                .LastOrDefault(s => s is not null);

    /// <summary>Reads one log line; null when it is not a status line.</summary>
    public static AgentPipelineStatus? Parse(string line)
    {
        var match = StatusLine().Match(line);
        return match.Success
            ? new AgentPipelineStatus(Number(match, "created"), Number(match, "finished"), Number(match, "exported"), Number(match, "dropped"), Number(match, "queued"), line)
            : null;
    }

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"sightline pipeline: spans created=(?<created>\d+) finished=(?<finished>\d+) exported=(?<exported>\d+) dropped=(?<dropped>\d+) queued=(?<queued>\d+)")]
    private static partial Regex StatusLine();
}
