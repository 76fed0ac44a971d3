using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Sightline.Benchmarks.Baseline;

/// <summary>
/// The floor every other number is read against: a plain non-inlined call on this machine
/// (research/perf-anchors.md). Patched-call overhead is reported as the difference to this.
/// </summary>
[MemoryDiagnoser]
public class CallBaselineBenchmarks
{
    private int _value = 41;

    [Benchmark(Baseline = true)]
    public int NonInlinedCall() => AddOne(_value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AddOne(int x) => x + 1;
}
