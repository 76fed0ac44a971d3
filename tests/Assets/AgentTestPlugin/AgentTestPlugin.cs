using System.Reflection;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Plugins.Matching;
using Sightline.Spi.Tracing;

namespace Sightline.Tests.AgentTestPlugin;

/// <summary>Traces the work methods of the agent tests' target apps.</summary>
public sealed class AgentTestPlugin : SightlinePlugin
{
    public override string Id => "agent-test";

    public override IEnumerable<Instrumentation> Instrumentations => [new WorkInstrumentation()];

    private sealed class WorkInstrumentation : Instrumentation
    {
        public override ClassMatch Types =>
            ClassMatch.AnyName("Sightline.Tests.AgentTargetApp.Orders", "Sightline.Tests.OldPackagesApp.Work");

        public override IEnumerable<InterceptPoint> InterceptPoints =>
            [InterceptPoint.StaticMethods(MethodMatch.NamedAny("Place", "Run"), typeof(WorkInterceptor))];
    }
}

[TypedInterceptor]
public static class WorkInterceptor
{
    public static void OnEnter(MethodBase method, ref TracingSpan state) =>
        state = Tracer.CreateLocalSpan(method.DeclaringType!.Name + "." + method.Name).SetComponent("agent-test");

    public static void OnExit(ref TracingSpan state) => state.Stop();

    public static void OnException(Exception exception, ref TracingSpan state) => state.RecordException(exception).Stop();
}
