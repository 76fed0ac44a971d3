using System.Reflection;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Toolkit;

/// <summary>A Local span named <c>Type.Method</c> around each configured method; async ones end with their task.</summary>
[TypedInterceptor]
public static class TraceMethodsInterceptor
{
    public static void OnEnter(MethodBase method, ref TracingSpan state) =>
        state = Tracer.CreateLocalSpan($"{method.DeclaringType?.Name}.{method.Name}").SetComponent(ToolkitNames.Component);

    public static void OnExit(ref TracingSpan state) => state.Stop();

    public static void OnException(Exception exception, ref TracingSpan state) => state.RecordException(exception).Stop();
}
