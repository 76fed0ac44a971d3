using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Toolkit;

/// <summary>
/// Methods marked <c>[Trace]</c> become Local spans. Only the assemblies that reference Sightline.Toolkit are read,
/// so the framework is never scanned for the attribute.
/// </summary>
public sealed class TraceAttributePlugin : SightlinePlugin
{
    public override string Id => "trace-attribute";

    public override string RequiredReference => ToolkitNames.Assembly;

    public override IEnumerable<Instrumentation> Instrumentations => [new TracedMethods()];

    private sealed class TracedMethods : Instrumentation
    {
        private static readonly MethodMatch Traced = MethodMatch.HasAttribute(ToolkitNames.TraceAttribute);

        public override ClassMatch Types => ClassMatch.HasMethodWithAttribute(ToolkitNames.TraceAttribute);

        public override IEnumerable<InterceptPoint> InterceptPoints =>
        [
            InterceptPoint.InstanceMethods(Traced, typeof(TraceAttributeInterceptor)),
            InterceptPoint.StaticMethods(Traced, typeof(TraceAttributeInterceptor)),
        ];
    }
}
