using System.Net;
using System.Reflection;
using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary><see cref="PatchEngine.ApplyAll"/>: many targets, one stop of all threads for the in-place jumps.</summary>
public sealed class BatchTests
{
    private static int _calls;

    [Fact]
    public void ApplyAll_patches_ReadyToRun_methods_already_running_and_refuses_the_ones_it_cannot()
    {
        // Already called, so their ReadyToRun code is published and the jumps are written into running code.
        Assert.Equal("a b", WebUtility.UrlDecode("a+b"));
        Assert.Equal("<", WebUtility.HtmlDecode("&lt;"));
        Assert.Equal("%41", Uri.HexEscape('A'));
        Assert.True(Uri.IsHexEncoding("%41", 0));
        var prefix = Handler(typeof(BatchTests), nameof(Count));
        MethodInfo[] targets =
        [
            typeof(WebUtility).GetMethod(nameof(WebUtility.UrlDecode), [typeof(string)])!,
            typeof(WebUtility).GetMethod(nameof(WebUtility.HtmlDecode), [typeof(string)])!,
            typeof(Uri).GetMethod(nameof(Uri.HexEscape))!,
            Method(typeof(Shape), nameof(Shape.Area)),
            typeof(Uri).GetMethod(nameof(Uri.IsHexEncoding))!,
        ];

        var stopsBefore = PatchEngine.ThreadStops;
        var decisions = PatchEngine.Shared.ApplyAll(targets.Select(t => new PatchRequest(t, "batch") { Prefix = prefix }));
        Assert.True(PatchEngine.ThreadStops.Rounds > stopsBefore.Rounds, "writing into running code stops the other threads");

        Assert.Equal(targets.Length, decisions.Count);
        Assert.Equal([true, true, true, false, true], decisions.Select(d => d.IsApplied));
        Assert.Contains("abstract", decisions[3].Reason, StringComparison.Ordinal);
        var before = Volatile.Read(ref _calls);
        Assert.Equal("a b", WebUtility.UrlDecode("a+b"));
        Assert.Equal("<", WebUtility.HtmlDecode("&lt;"));
        Assert.Equal("%41", Uri.HexEscape('A'));
        Assert.True(Uri.IsHexEncoding("%41", 0));
        Assert.Equal(4, Volatile.Read(ref _calls) - before);
        foreach (var decision in decisions.Where(d => d.IsApplied))
        {
            Assert.True(PatchEngine.Shared.Remove(decision.Request));
        }

        Assert.Equal("a b", WebUtility.UrlDecode("a+b"));
        Assert.Equal(4, Volatile.Read(ref _calls) - before);
    }

    private static void Count() => Interlocked.Increment(ref _calls);
}
