using System.Diagnostics;
using System.Reflection;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.TargetApp;

/// <summary>
/// Worker threads call <see cref="ConcurrencyTargets"/> in tight loops while the main thread patches each target
/// (at tier 0, during tier-up and at tier 1) and then applies and removes patches at random. Every call must return
/// the original value or the original plus <see cref="Marker"/>; a call that starts after Apply returned must be
/// intercepted, one that starts after Remove returned must not. Exit code 0 only when all of that held.
/// </summary>
internal static class ConcurrencyScenario
{
    public const int Marker = 1_000_000;
    private const int Unpatched = 0;
    private const int Changing = 1;
    private const int Patched = 2;
    private static int _sequence;
    private static readonly int[] Phase = new int[ConcurrencyTargets.Count];
    private static readonly long[] ByTarget = new long[ConcurrencyTargets.Count];

    public static int Run(TextWriter output, int workers, int togglesPerTarget)
    {
        var engine = PatchEngine.Shared;
        var stop = 0;
        var calls = new long[workers];
        var wrongValue = 0L;
        var missedAfterApply = 0L;
        var interceptedAfterRemove = 0L;
        var threads = Enumerable.Range(0, workers).Select(n => new Thread(() =>
        {
            var instance = new ConcurrencyTargets();
            var x = n * 7919;
            while (Volatile.Read(ref stop) == 0)
            {
                for (var k = 0; k < ConcurrencyTargets.Count; k++)
                {
                    var before = Volatile.Read(ref Phase[k]);
                    var result = ConcurrencyTargets.Call(instance, k, x);
                    var expected = ConcurrencyTargets.Expected(k, x);
                    before = Volatile.Read(ref Phase[k]) == before ? before & 3 : Changing;

                    if (result != expected && result != expected + Marker)
                    {
                        Interlocked.Increment(ref wrongValue);
                    }
                    else if (before == Patched && result != expected + Marker)
                    {
                        Interlocked.Increment(ref missedAfterApply);
                        Interlocked.Increment(ref ByTarget[k]);
                    }
                    else if (before == Unpatched && result == expected + Marker)
                    {
                        Interlocked.Increment(ref interceptedAfterRemove);
                        Interlocked.Increment(ref ByTarget[k]);
                    }

                    x = (x + 1) & 0xFFFF;
                }

                calls[n]++;
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());

        var targets = ConcurrencyTargets.Methods();
        var requests = new PatchRequest?[targets.Count];
        var random = new Random(Environment.ProcessId);
        var clock = Stopwatch.StartNew();

        // Half the targets are patched while tier 0 and call counting run, half once tier 1 is installed; then
        // patches come and go. Only the first patch of a code version writes into code.
        var order = Enumerable.Range(0, targets.Count).OrderBy(_ => random.Next()).ToList();
        var refused = 0;
        for (var i = 0; i < order.Count; i++)
        {
            Thread.Sleep(i == order.Count / 2 ? 400 : random.Next(1, 15));
            refused += Toggle(engine, targets, requests, order[i], output) ? 0 : 1;
        }

        for (var i = 0; i < togglesPerTarget * targets.Count; i++)
        {
            refused += Toggle(engine, targets, requests, random.Next(targets.Count), output) ? 0 : 1;
            Thread.SpinWait(random.Next(1, 20_000));
        }

        Thread.Sleep(50);
        Volatile.Write(ref stop, 1);
        output.WriteLine($"violations by target: {string.Join(' ', ByTarget)}");
        threads.ForEach(t => t.Join());
        output.WriteLine(
            $"concurrency calls={calls.Sum() * ConcurrencyTargets.Count} wrongValue={wrongValue} missedAfterApply={missedAfterApply} "
            + $"interceptedAfterRemove={interceptedAfterRemove} refused={refused} threadInsideReplacedBytes={ThreadStop.Conflicts} ms={clock.ElapsedMilliseconds}");
        return wrongValue == 0 && missedAfterApply == 0 && interceptedAfterRemove == 0 && refused == 0 && calls.All(c => c > 0) ? 0 : 1;
    }

    public static void AddMarker(ref int __result) => __result += Marker;

    /// <summary>Every change gets a new sequence number, so a worker sees whether anything happened during its call.</summary>
    private static void SetPhase(int k, int state) => Volatile.Write(ref Phase[k], (++_sequence << 2) | state);

    private static bool Toggle(PatchEngine engine, IReadOnlyList<MethodBase> targets, PatchRequest?[] requests, int k, TextWriter output)
    {
        SetPhase(k, Changing);
        if (requests[k] is { } request)
        {
            engine.Remove(request);
            requests[k] = null;
            SetPhase(k, Unpatched);
            return true;
        }

        request = new PatchRequest(targets[k], "concurrency")
        {
            Postfix = typeof(ConcurrencyScenario).GetMethod(nameof(AddMarker)),
        };
        var decision = engine.Apply(request);
        if (!decision.IsApplied)
        {
            output.WriteLine($"refused {decision}");
            SetPhase(k, Unpatched);
            return false;
        }

        requests[k] = request;
        SetPhase(k, Patched);
        return true;
    }
}
