using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Sightline.Core.Interception;
using Sightline.Core.Plugins;
using Sightline.Patching;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Benchmarks.Interception;

// Last result (2026-11-24, AMD EPYC 2.1 GHz, 2 cores, .NET 10.0.12, `--job short --inProcess`, load average ~3-12):
// | Method             | Mean      | Allocated |
// | UnpatchedCall      |  0.06 ns  | -         |
// | BarePatch          |  0.50 ns  | -         |
// | TypedInterceptor   |  8.36 ns  | -         |  +7.9 ns over the bare patch (goal: at most 10 ns more): met
// | UntypedInterceptor | 177.6 ns  | 768 B     |  arguments array + invocation + state per call

/// <summary>
/// What an interceptor adds over a bare patch (goal for typed: at most 10 ns more). The same one-line method four
/// times: unpatched, patched with an empty prefix and postfix, intercepted by an empty typed interceptor (instance,
/// one argument, ref state), and by an empty untyped interceptor (arguments array and invocation per call).
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private readonly DispatchTarget _target = new();
    private int _value = 41;

    [GlobalSetup]
    public void Setup()
    {
        var engine = PatchEngine.Shared;
        Require(engine.Apply(new PatchRequest(typeof(DispatchTarget).GetMethod(nameof(DispatchTarget.Bare))!, "bench")
        {
            Prefix = typeof(DispatchBenchmarks).GetMethod(nameof(EmptyPrefix)),
            Postfix = typeof(DispatchBenchmarks).GetMethod(nameof(EmptyPostfix)),
        }).IsApplied, "bare");
        var installer = new InterceptionInstaller(engine, new DecisionLog(), log: null);
        Require(installer.Install(BenchmarkPlugin.Match(typeof(DispatchTarget).GetMethod(nameof(DispatchTarget.Typed))!, typeof(EmptyTypedInterceptor))), "typed");
        Require(installer.Install(BenchmarkPlugin.Match(typeof(DispatchTarget).GetMethod(nameof(DispatchTarget.Untyped))!, typeof(EmptyUntypedInterceptor))), "untyped");
    }

    [Benchmark(Baseline = true)]
    public int UnpatchedCall() => _target.Unpatched(_value);

    [Benchmark]
    public int BarePatch() => _target.Bare(_value);

    [Benchmark]
    public int TypedInterceptor() => _target.Typed(_value);

    [Benchmark]
    public int UntypedInterceptor() => _target.Untyped(_value);

    public static void EmptyPrefix()
    {
    }

    public static void EmptyPostfix()
    {
    }

    private static void Require(bool applied, string what)
    {
        if (!applied)
        {
            throw new InvalidOperationException($"the {what} patch was not applied");
        }
    }
}

public sealed class DispatchTarget
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Unpatched(int x) => (x * 3) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Bare(int x) => (x * 3) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Typed(int x) => (x * 3) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Untyped(int x) => (x * 3) + 1;
}

[TypedInterceptor]
public static class EmptyTypedInterceptor
{
    public static void OnEnter(object instance, int x, ref long state) => state = x;

    public static void OnExit(ref long state) => state++;
}

public sealed class EmptyUntypedInterceptor : IMethodInterceptor
{
    public void BeforeMethod(MethodInvocation invocation)
    {
    }

    public void AfterMethod(MethodInvocation invocation)
    {
    }

    public void OnException(MethodInvocation invocation, Exception exception)
    {
    }
}
