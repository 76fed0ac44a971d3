using System.Reflection;
using System.Runtime.CompilerServices;
using Sightline.Patching.Internal;

namespace Sightline.Patching.TargetApp;

/// <summary>
/// Patches a tiny inlinable method, a medium one, a method with a loop and the ReadyToRun Uri.EscapeDataString,
/// then calls them over a million times in rounds separated by pauses longer than the tiering delay (100 ms), so
/// tier-0 → tier-1 (and PGO instrumented code) is compiled in between, and checks every call was intercepted.
/// </summary>
internal static class TieringScenario
{
    private const int Rounds = 3;
    private const int CallsPerRound = 400_000;

    public static int Run(TextWriter output)
    {
        var engine = PatchEngine.Shared;
        long checksum = 0;

        // TinyWarm: tier-0 code and call counting exist when it is patched. TinyHot: promoted to tier 1 first.
        for (var i = 0; i < 100; i++)
        {
            checksum += Targets.TinyWarm(i) + Targets.TinyHot(i);
        }

        Thread.Sleep(250);
        for (var i = 0; i < 200; i++)
        {
            checksum += Targets.TinyHot(i);
        }

        Thread.Sleep(250);

        var targets = new (MethodBase Target, string Counter)[]
        {
            (typeof(Targets).GetMethod(nameof(Targets.Tiny))!, nameof(Counters.CountTiny)),
            (typeof(Targets).GetMethod(nameof(Targets.Medium))!, nameof(Counters.CountMedium)),
            (typeof(Targets).GetMethod(nameof(Targets.Loop))!, nameof(Counters.CountLoop)),
            (typeof(Uri).GetMethod(nameof(Uri.EscapeDataString), [typeof(string)])!, nameof(Counters.CountEscape)),
            (typeof(Targets).GetMethod(nameof(Targets.TinyWarm))!, nameof(Counters.CountTinyWarm)),
            (typeof(Targets).GetMethod(nameof(Targets.TinyHot))!, nameof(Counters.CountTinyHot)),
            (typeof(Targets).GetMethod(nameof(Targets.LongLoop))!, nameof(Counters.CountLongLoop)),
        };

        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        long inFlight = 0;
        var looper = new Thread(() => inFlight = Targets.LongLoop(entered, gate, 300_000_000));
        looper.Start();
        entered.Wait();
        foreach (var (target, counter) in targets)
        {
            var decision = engine.Apply(new PatchRequest(target, "tiering") { Prefix = typeof(Counters).GetMethod(counter) });
            output.WriteLine($"decision {decision}");
            if (!decision.IsApplied)
            {
                return 2;
            }
        }

        gate.Set();
        long tinyCalls = 0, mediumCalls = 0, loopCalls = 0, escapeCalls = 0, warmCalls = 0;
        for (var round = 0; round < Rounds; round++)
        {
            checksum += CallTiny(CallsPerRound);
            tinyCalls += CallsPerRound;
            checksum += CallMedium(CallsPerRound);
            mediumCalls += CallsPerRound;
            checksum += CallEscape(CallsPerRound / 10);
            escapeCalls += CallsPerRound / 10;
            checksum += CallWarm(CallsPerRound);
            warmCalls += CallsPerRound;
            checksum += Targets.Loop(2_000_000);
            loopCalls++;
            Thread.Sleep(200);
        }

        looper.Join();
        checksum += inFlight + Targets.LongLoop(new ManualResetEventSlim(true), new ManualResetEventSlim(true), 10);
        var ok = Report(output, "tiny", tinyCalls, Counters.Tiny, targets[0].Target)
            & Report(output, "medium", mediumCalls, Counters.Medium, targets[1].Target)
            & Report(output, "loop", loopCalls, Counters.Loop, targets[2].Target)
            & Report(output, "escape", escapeCalls, Counters.Escape, targets[3].Target)
            & Report(output, "tinyWarm", warmCalls, Counters.TinyWarm, targets[4].Target)
            & Report(output, "tinyHot", warmCalls, Counters.TinyHot, targets[5].Target)
            & Report(output, "longLoop", 1, Counters.LongLoop, targets[6].Target);
        output.WriteLine($"inFlight {inFlight}");
        output.WriteLine($"checksum {checksum}");
        return ok ? 0 : 1;
    }

    private static bool Report(TextWriter output, string name, long calls, long intercepted, MethodBase target)
    {
        var state = TargetRegistry.Lookup(target.MethodHandle.Value);
        output.WriteLine(
            $"{name} calls={calls} intercepted={intercepted} recompilesPatched={state?.RecompilesPatched} "
            + $"recompilesMissed={state?.RecompilesMissed} osrSkipped={state?.OsrSkipped} inPlace={state?.PatchedCode.Count}");
        return calls == intercepted;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long CallTiny(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Targets.Tiny(i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long CallWarm(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Targets.TinyWarm(i) + Targets.TinyHot(i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long CallMedium(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Targets.Medium(i, sum);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long CallEscape(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Uri.EscapeDataString("a b").Length;
        }

        return sum;
    }
}
