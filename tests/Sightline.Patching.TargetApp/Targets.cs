using System.Runtime.CompilerServices;

namespace Sightline.Patching.TargetApp;

/// <summary>Methods patched by the scenario.</summary>
internal static class Targets
{
    /// <summary>Tiny: a few bytes at tier 1 and inlined into callers unless the engine prevents it.</summary>
    public static int Tiny(int x) => (x * 3) + 1;

    /// <summary>Called before patching, so tier-0 code exists and call counting runs when the patch lands.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TinyWarm(int x) => (x * 5) + 2;

    /// <summary>Already at tier 1 (a handful of bytes) when patched: patched in place through a near trampoline.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TinyHot(int x) => (x * 7) + 3;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Medium(long a, long b)
    {
        var c = a ^ b;
        return (c << 3) + (a % 7) - (b % 5);
    }

    /// <summary>
    /// Entered before the patch and parked on the gate, then loops long enough at tier 0 for an OSR version to be
    /// compiled while the method is patched: the JIT hook must skip it (it is entered mid-method).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long LongLoop(ManualResetEventSlim entered, ManualResetEventSlim gate, int n)
    {
        entered.Set();
        gate.Wait();
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += i % 3;
        }

        return sum;
    }

    /// <summary>Has a loop: at tier 0 it gets OSR patchpoints.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Loop(int n)
    {
        var sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += i & 3;
        }

        return sum;
    }
}
