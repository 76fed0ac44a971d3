using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Tests.Plugins;

public sealed class NoopInterceptor : IMethodInterceptor
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

/// <summary>A plugin assembled from parts, so each test states exactly the rule it checks.</summary>
public sealed class RulePlugin(
    string id,
    ClassMatch types,
    InterceptPoint point,
    AssemblyWitness? target = null,
    string[]? witnessTypes = null,
    MethodWitness[]? witnessMethods = null,
    bool enabledByDefault = true,
    string? requiredReference = null) : SightlinePlugin
{
    public override string Id => id;

    public override string? RequiredReference => requiredReference;

    public override AssemblyWitness? TargetAssembly => target;

    public override IEnumerable<string> WitnessTypes => witnessTypes ?? [];

    public override IEnumerable<MethodWitness> WitnessMethods => witnessMethods ?? [];

    public override bool EnabledByDefault => enabledByDefault;

    public override IEnumerable<Instrumentation> Instrumentations => [new RuleInstrumentation(types, point)];

    public static InterceptPoint AnyInstanceMethod => InterceptPoint.InstanceMethods(MethodMatch.Any, typeof(NoopInterceptor));

    private sealed class RuleInstrumentation(ClassMatch types, InterceptPoint point) : Instrumentation
    {
        public override ClassMatch Types => types;

        public override IEnumerable<InterceptPoint> InterceptPoints => [point];
    }
}

/// <summary>Discovered by the loader test: a plugin as a plugin author writes one.</summary>
public sealed class ShopPlugin : SightlinePlugin
{
    public override string Id => "shop";

    public override AssemblyWitness TargetAssembly => new("Sightline.TestTarget", "[1.0, 2.*]");

    public override IEnumerable<Instrumentation> Instrumentations => [];
}

/// <summary>Discovered by the loader test: its constructor throws, which must be recorded, not fatal.</summary>
public sealed class BrokenPlugin : SightlinePlugin
{
    public BrokenPlugin() => throw new InvalidOperationException("broken on purpose");

    public override string Id => "broken";

    public override IEnumerable<Instrumentation> Instrumentations => [];
}
