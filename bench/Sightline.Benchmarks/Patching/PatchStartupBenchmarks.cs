using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Sightline.Patching;

namespace Sightline.Benchmarks.Patching;

// Re-run 2026-11-25 06:20 (load average 0.3): one by one 126, 71, 80, 78, 78 ms (mean 86.8); batched 129, 65, 85, 88,
// 81 ms (mean 89.5). GOAL met: worst 129 ms.
// Earlier result (2026-11-24 13:03, quiet machine: load average 1.4-1.7, AMD EPYC 2 cores, .NET 10.0.12,
// out-of-process default toolchain, 5 iterations of 200 never-patched methods each):
// | Patch200FrameworkMethods        | mean 98.5 ms (StdDev 29 ms): 148, 73, 90, 86, 95 ms |
// | Patch200FrameworkMethodsBatched | mean 98.5 ms (StdDev 30 ms): 150, 73, 91, 86, 92 ms |
// The first iteration pays for building the engine's own code paths. GOAL (< 200 ms for 200 methods) met: worst 150 ms.

/// <summary>
/// Time to patch 200 framework methods (ReadyToRun System.Net.Http, System.Private.Uri, System.Text.RegularExpressions,
/// System.Private.Xml) with an empty prefix and postfix, as the agent does at start-up (goal: under 200 ms in total).
/// A method can be patched for the first time only once per process, so each iteration takes the next 200 methods
/// of a pool that were never patched; the JIT hook is installed in the global setup. Run it in-process
/// (`--inProcess`): each iteration is one invocation.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 5, invocationCount: 1)]
public class PatchStartupBenchmarks
{
    private const int TargetCount = 200;
    private static readonly MethodInfo Prefix = typeof(PatchStartupBenchmarks).GetMethod(nameof(EmptyPrefix))!;
    private static readonly MethodInfo Postfix = typeof(PatchStartupBenchmarks).GetMethod(nameof(EmptyPostfix))!;
    private List<MethodInfo> _pool = [];
    private List<MethodInfo> _batch = [];
    // Shared by both benchmarks (in-process, one instance each): a method is patched for the first time only once.
    private static int _next;

    [GlobalSetup]
    public void Setup()
    {
        if (PatchEngine.Shared.UnsupportedReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        _pool = [.. new[] { typeof(HttpClient), typeof(Uri), typeof(System.Text.RegularExpressions.Regex), typeof(System.Xml.XmlReader) }
            .SelectMany(t => t.Assembly.GetTypes())
            .Where(t => !t.IsGenericType && !t.IsInterface && !t.IsByRefLike && t.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsAbstract && !m.IsGenericMethodDefinition && m.GetMethodBody() is { } body && body.GetILAsByteArray()!.Length >= 48
                && !m.ReturnType.IsByRef && !m.ReturnType.IsByRefLike && m.GetParameters().All(p => !p.ParameterType.IsByRefLike && !p.ParameterType.IsPointer))];
    }

    [IterationSetup]
    public void NextBatch()
    {
        _batch = [.. _pool.Skip(_next).Take(TargetCount)];
        _next += TargetCount;
    }

    [Benchmark]
    public int Patch200FrameworkMethods()
    {
        var applied = 0;
        foreach (var target in _batch)
        {
            if (PatchEngine.Shared.Apply(new PatchRequest(target, "bench") { Prefix = Prefix, Postfix = Postfix }).IsApplied)
            {
                applied++;
            }
        }

        Console.WriteLine($"// applied {applied} of {_batch.Count}");
        return applied;
    }

    /// <summary>The same through <see cref="PatchEngine.ApplyAll"/>: one stop of all threads for every in-place jump.</summary>
    [Benchmark]
    public int Patch200FrameworkMethodsBatched()
    {
        var applied = PatchEngine.Shared.ApplyAll([.. _batch.Select(t => new PatchRequest(t, "bench") { Prefix = Prefix, Postfix = Postfix })])
            .Count(d => d.IsApplied);
        Console.WriteLine($"// applied {applied} of {_batch.Count}");
        return applied;
    }

    public static void EmptyPrefix()
    {
    }

    public static void EmptyPostfix()
    {
    }
}
