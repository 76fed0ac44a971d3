using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Toolkit;

/// <summary>The Sightline.Toolkit package's manual API: <c>ActiveSpan</c> and <c>LocalSpan</c>.</summary>
public sealed class ToolkitApiPlugin : SightlinePlugin
{
    public override string Id => "toolkit";

    public override AssemblyWitness TargetAssembly => new(ToolkitNames.Assembly, "[1.0, 2.0)");

    public override IEnumerable<string> WitnessTypes => [ToolkitNames.ActiveSpan, ToolkitNames.LocalSpan];

    public override IEnumerable<Instrumentation> Instrumentations => [new ActiveSpanInstrumentation(), new LocalSpanInstrumentation()];

    private sealed class ActiveSpanInstrumentation : Instrumentation
    {
        public override ClassMatch Types => ClassMatch.Name(ToolkitNames.ActiveSpan);

        public override IEnumerable<InterceptPoint> InterceptPoints =>
        [
            InterceptPoint.StaticMethods(MethodMatch.Named("Tag") & MethodMatch.ParameterCount(2), typeof(ActiveSpanTagInterceptor)),
            InterceptPoint.StaticMethods(MethodMatch.Named("Log") & MethodMatch.ParameterCount(1), typeof(ActiveSpanLogInterceptor)),
            InterceptPoint.StaticMethods(MethodMatch.Named("Error") & MethodMatch.ParameterCount(1), typeof(ActiveSpanErrorInterceptor)),
            InterceptPoint.StaticMethods(MethodMatch.Named("TraceId") & MethodMatch.ParameterCount(0), typeof(ActiveSpanTraceIdInterceptor)),
        ];
    }

    private sealed class LocalSpanInstrumentation : Instrumentation
    {
        public override ClassMatch Types => ClassMatch.Name(ToolkitNames.LocalSpan);

        public override IEnumerable<InterceptPoint> InterceptPoints =>
        [
            InterceptPoint.StaticMethods(MethodMatch.Named("Open") & MethodMatch.ParameterCount(1), typeof(LocalSpanOpenInterceptor)),
            InterceptPoint.StaticMethods(MethodMatch.Named("SetTag") & MethodMatch.ParameterCount(3), typeof(LocalSpanTagInterceptor)),
            InterceptPoint.StaticMethods(MethodMatch.Named("Fail") & MethodMatch.ParameterCount(2), typeof(LocalSpanFailInterceptor)),
            InterceptPoint.StaticMethods(MethodMatch.Named("Close") & MethodMatch.ParameterCount(1), typeof(LocalSpanCloseInterceptor)),
        ];
    }
}
