using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>A plugin made of one instrumentation; the subclasses below differ only in what they target.</summary>
public abstract class RulePlugin(ClassMatch types, InterceptPoint point) : SightlinePlugin
{
    public override IEnumerable<Instrumentation> Instrumentations => [new RuleInstrumentation(types, point)];

    protected static InterceptPoint Orders(string method) =>
        InterceptPoint.StaticMethods(MethodMatch.Named(method), typeof(NoopInterceptor));

    protected static ClassMatch OrdersType => ClassMatch.Name("Sightline.Tests.AgentTargetApp.Orders");

    private sealed class RuleInstrumentation(ClassMatch types, InterceptPoint point) : Instrumentation
    {
        public override ClassMatch Types => types;

        public override IEnumerable<InterceptPoint> InterceptPoints => [point];

        public override string Name => "Rule";
    }
}
