using System.Text.RegularExpressions;

namespace Sightline.Patching.Tests;

/// <summary>
/// Patching while other threads call the method. Runs Sightline.Patching.TargetApp's concurrency scenario in a child
/// process (a crash there must fail the test, not the test host): four threads call twelve methods of different
/// shapes (leaf, frame, call first, loop, try/finally, virtual, instance, tiny, many arguments, struct local,
/// try/catch, value-type generic) in tight loops while the main thread patches each one - at tier 0 during call
/// counting, and again at tier 1 - and then applies and removes patches 240 times at random.
/// </summary>
public sealed partial class ConcurrencyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("DOTNET_TieredCompilation=0")]
    public async Task Patching_and_unpatching_while_four_threads_call_the_methods_never_crashes_and_every_later_call_sees_the_change(string setting)
    {
        var (exitCode, output) = await TargetAppProcess.RunAsync(setting, "concurrency", "4", "20");

        var match = SummaryLine().Match(output);
        Assert.True(match.Success, $"exit code {exitCode}, no summary (crashed?)\n{output}");
        Assert.True(TargetAppProcess.Number(match, "calls") > 100_000, output);

        // Every call returned the original value or the patched one; a call that started after Apply returned was
        // intercepted; one that started after Remove returned was not.
        Assert.Equal(0, TargetAppProcess.Number(match, "wrong"));
        Assert.Equal(0, TargetAppProcess.Number(match, "missed"));
        Assert.Equal(0, TargetAppProcess.Number(match, "stale"));
        Assert.Equal(0, TargetAppProcess.Number(match, "refused"));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}");
    }

    [GeneratedRegex(@"^concurrency calls=(?<calls>\d+) wrongValue=(?<wrong>\d+) missedAfterApply=(?<missed>\d+) interceptedAfterRemove=(?<stale>\d+) refused=(?<refused>\d+)", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
