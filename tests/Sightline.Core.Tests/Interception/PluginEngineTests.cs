using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Sightline.Core.Plugins;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Tests.Interception;

public class EngineTarget
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Compute(int value) => value + 1;

    public IEnumerable<int> Numbers()
    {
        yield return 1;
    }

    public async IAsyncEnumerable<int> NumbersAsync()
    {
        await Task.Yield();
        yield return 1;
    }
}

[TypedInterceptor]
public static class AddHundredInterceptor
{
    public static void OnExit(ref int result) => result += 100;
}

[TypedInterceptor]
public static class LoadedShopInterceptor
{
    public static int Calls;

    public static void OnEnter(int count) => Interlocked.Add(ref Calls, count);
}

public sealed class EnginePlugin : SightlinePlugin
{
    public override string Id => "engine-test";

    public override IEnumerable<Instrumentation> Instrumentations => [new TargetInstrumentation()];

    private sealed class TargetInstrumentation : Instrumentation
    {
        public override ClassMatch Types => ClassMatch.Name(typeof(EngineTarget).FullName!);

        public override IEnumerable<InterceptPoint> InterceptPoints =>
        [
            InterceptPoint.InstanceMethods(MethodMatch.Named(nameof(EngineTarget.Compute)), typeof(AddHundredInterceptor)),
            InterceptPoint.InstanceMethods(MethodMatch.NameStartsWith("Numbers"), typeof(AddHundredInterceptor)),
        ];
    }
}

public sealed class LateShopPlugin : SightlinePlugin
{
    public override string Id => "late-shop";

    public override AssemblyWitness TargetAssembly => new("Sightline.TestTarget", "[1.0, 1.*]");

    public override IEnumerable<Instrumentation> Instrumentations => [new ShopInstrumentation()];

    private sealed class ShopInstrumentation : Instrumentation
    {
        public override ClassMatch Types => ClassMatch.Name("Sightline.TestTarget.Shop");

        public override IEnumerable<InterceptPoint> InterceptPoints =>
            [InterceptPoint.InstanceMethods(MethodMatch.Named("Restock"), typeof(LoadedShopInterceptor))];
    }
}

// One collection with PluginEngineBackgroundTests: an engine started here intercepts every load of the process,
// their copies of the target included.
[Collection(nameof(LateShopPlugin))]
public sealed class PluginEngineTests
{
    [Fact]
    public void Matched_methods_are_intercepted_and_iterators_are_refused_with_a_reason()
    {
        var harness = new InterceptionHarness();
        using var engine = new PluginEngine([new EnginePlugin()], PluginOptions.Default, harness.Installer, harness.Decisions, log: null);

        var applied = engine.Process(typeof(EngineTarget).Assembly);

        Assert.True(applied == 1, string.Join("\n", harness.Decisions.Snapshot()));
        Assert.Equal(102, new EngineTarget().Compute(1));
        var decisions = harness.Decisions.Snapshot();
        Assert.Contains(decisions, d => d.Outcome == PluginOutcome.Applied && d.Target.Contains("Compute", StringComparison.Ordinal));
        Assert.Contains(decisions, d => d.Outcome == PluginOutcome.BindingFailed && d.Reason.Contains("an iterator (yield return)", StringComparison.Ordinal));
        Assert.Contains(decisions, d => d.Outcome == PluginOutcome.BindingFailed && d.Reason.Contains("an async iterator", StringComparison.Ordinal));
        Assert.Equal(0, engine.Process(typeof(EngineTarget).Assembly));
    }

    [Fact]
    public void An_assembly_loaded_after_start_is_evaluated_and_patched_before_its_code_runs()
    {
        var harness = new InterceptionHarness();
        using var engine = new PluginEngine([new LateShopPlugin()], PluginOptions.Default, harness.Installer, harness.Decisions, log: null);
        engine.Start();

        var path = Path.Combine(AppContext.BaseDirectory, "targets", "v1", "Sightline.TestTarget.dll");
        var assembly = new AssemblyLoadContext("late-load").LoadFromAssemblyPath(path);
        var shop = Activator.CreateInstance(assembly.GetType("Sightline.TestTarget.Shop")!)!;
        var restock = shop.GetType().GetMethod("Restock", BindingFlags.NonPublic | BindingFlags.Instance)!;

        // A delta: the tests of PluginEngineBackgroundTests (same collection, run before or after) count here too.
        var before = LoadedShopInterceptor.Calls;
        Assert.Equal(3, restock.Invoke(shop, [3]));
        Assert.True(LoadedShopInterceptor.Calls - before == 3, string.Join("\n", harness.Decisions.Snapshot()));
        Assert.Contains(harness.Decisions.Snapshot(), d => d.PluginId == "late-shop" && d.Outcome == PluginOutcome.Applied);
    }
}
