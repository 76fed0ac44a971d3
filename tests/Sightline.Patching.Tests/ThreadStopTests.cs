using System.Text.RegularExpressions;

namespace Sightline.Patching.Tests;

/// <summary>
/// Writes with every other thread stopped, while new threads keep starting garbage collections: Sightline.Patching.
/// TargetApp's stop-rounds scenario, in a child process. Before a round ran from its first signal to its last
/// wake-up in native code, 4-16 of its 100 rounds were stranded (the process frozen 250 ms each).
/// </summary>
public sealed partial class ThreadStopTests
{
    [Fact]
    public async Task A_collection_begun_by_a_thread_the_round_did_not_stop_never_strands_the_stopped_threads()
    {
        var (exitCode, output) = await TargetAppProcess.RunAsync("", "stop-rounds", "100");

        var match = SummaryLine().Match(output);
        Assert.True(match.Success, $"exit code {exitCode}, no summary (crashed?)\n{output}");
        Assert.Equal(0, TargetAppProcess.Number(match, "failed"));
        Assert.Equal(0, TargetAppProcess.Number(match, "wrong"));
        Assert.Equal(0, TargetAppProcess.Number(match, "stranded"));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}");
    }

    [GeneratedRegex(@"^stop-rounds rounds=\d+ failed=(?<failed>\d+) wrong=(?<wrong>\d+) stranded=(?<stranded>\d+)", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
