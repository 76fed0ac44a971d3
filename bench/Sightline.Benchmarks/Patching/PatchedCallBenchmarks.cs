using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Sightline.Patching;

namespace Sightline.Benchmarks.Patching;

// Last result (2026-11-24, AMD EPYC 2.10GHz, 2 cores, .NET 10.0.12, `--job short --inProcess`; the machine ran
// other builds, load average ~35, so read the medians):
// | Method        | Mean     | Median   |
// | UnpatchedCall | 1.915 ns | 1.472 ns |
// | PatchedCall   | 5.474 ns | 5.433 ns |   → overhead ≈ 3.6–4.0 ns (goal ≤ 5 ns)

/// <summary>
/// Overhead of a patched call with an empty prefix and postfix over the same method unpatched (goal: at most
/// 5 ns). Both targets have the same body; the patched one runs a copy of it inside the replacement, reached
/// through the jump at its start.
/// </summary>
[MemoryDiagnoser]
public class PatchedCallBenchmarks
{
    private int _value = 41;

    [GlobalSetup]
    public void Setup()
    {
        var decision = PatchEngine.Shared.Apply(new PatchRequest(typeof(PatchedCallBenchmarks).GetMethod(nameof(Patched))!, "bench")
        {
            Prefix = typeof(PatchedCallBenchmarks).GetMethod(nameof(EmptyPrefix)),
            Postfix = typeof(PatchedCallBenchmarks).GetMethod(nameof(EmptyPostfix)),
        });
        if (!decision.IsApplied)
        {
            throw new InvalidOperationException(decision.Reason);
        }
    }

    [Benchmark(Baseline = true)]
    public int UnpatchedCall() => Unpatched(_value);

    [Benchmark]
    public int PatchedCall() => Patched(_value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Unpatched(int x) => (x * 3) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Patched(int x) => (x * 3) + 1;

    public static void EmptyPrefix()
    {
    }

    public static void EmptyPostfix()
    {
    }
}
