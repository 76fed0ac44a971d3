using System.Text.RegularExpressions;

namespace Sightline.Patching.Tests;

/// <summary>
/// Runs Sightline.Patching.TargetApp as a child process under each runtime setting: it patches six methods (tiny
/// and inlinable, medium, with loops, in tier 0 already, in tier 1 already, ReadyToRun Uri.EscapeDataString), calls
/// them more than a million times across the tiering delay and reports exact interception counts.
/// </summary>
public sealed partial class TieringTests
{
    [Theory]
    [InlineData("")]
    [InlineData("DOTNET_TieredCompilation=0")]
    [InlineData("DOTNET_TieredPGO=0")]
    [InlineData("DOTNET_EnableWriteXorExecute=0")]
    [InlineData("DOTNET_EnableWriteXorExecute=1")]
    public async Task Every_call_is_intercepted_across_tier_up_in_a_child_process(string setting)
    {
        var (exitCode, output) = await TargetAppProcess.RunAsync(setting);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}");
        var lines = ParseCounts(output);
        Assert.Equal(["escape", "longLoop", "loop", "medium", "tiny", "tinyHot", "tinyWarm"], lines.Keys.Order());
        foreach (var (name, counts) in lines)
        {
            Assert.True(counts.Calls == counts.Intercepted, $"{name}: {counts.Calls} calls, {counts.Intercepted} intercepted\n{output}");
            Assert.True(counts.Missed == 0, $"{name}: a recompiled version was missed\n{output}");
        }

        Assert.True(lines["tiny"].Calls + lines["medium"].Calls > 1_000_000);
        if (setting != "DOTNET_TieredCompilation=0")
        {
            // Tier-up really happened after patching and the JIT hook patched the new code; the loop's OSR
            // version was compiled while patched and skipped.
            Assert.True(lines["tinyWarm"].RecompilesPatched >= 1, output);
            Assert.True(lines["medium"].RecompilesPatched >= 1, output);
            Assert.True(lines["escape"].RecompilesPatched >= 1, output);
            Assert.True(lines["longLoop"].OsrSkipped >= 1, output);
        }
    }

    private static Dictionary<string, Counts> ParseCounts(string output)
    {
        var result = new Dictionary<string, Counts>();
        foreach (Match match in CountLine().Matches(output))
        {
            result[match.Groups["name"].Value] = new Counts(
                TargetAppProcess.Number(match, "calls"), TargetAppProcess.Number(match, "intercepted"), TargetAppProcess.Number(match, "patched"), TargetAppProcess.Number(match, "missed"), TargetAppProcess.Number(match, "osr"));
        }

        return result;
    }

    [GeneratedRegex(@"^(?<name>\w+) calls=(?<calls>\d+) intercepted=(?<intercepted>\d+) recompilesPatched=(?<patched>\d+) recompilesMissed=(?<missed>\d+) osrSkipped=(?<osr>\d+)", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    private sealed record Counts(long Calls, long Intercepted, long RecompilesPatched, long Missed, long OsrSkipped);
}
