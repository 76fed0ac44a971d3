using System.Collections.Concurrent;
using System.Reflection;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Toolkit;

/// <summary>
/// Opens the Local span of a <c>[Trace]</c> method, with its <c>[SpanTag]</c> arguments as tags. Untyped, because
/// tags come from whichever arguments the method marks; what the attributes say is read once per method.
/// </summary>
public sealed class TraceAttributeInterceptor : IMethodInterceptor
{
    private static readonly ConcurrentDictionary<MethodBase, TracedMethod> Methods = new();

    public void BeforeMethod(MethodInvocation invocation)
    {
        var traced = Methods.GetOrAdd(invocation.Method, TracedMethod.Read);
        var span = Tracer.CreateLocalSpan(traced.OperationName);
        if (span.IsRecording)
        {
            span.SetComponent(ToolkitNames.Component);
            foreach (var (index, key) in traced.Tags)
            {
                span.SetTag(key, invocation.Arguments[index]?.ToString());
            }
        }

        invocation.State = span;
    }

    public void AfterMethod(MethodInvocation invocation)
    {
        if (invocation.State is TracingSpan span)
        {
            span.Stop();
        }
    }

    public void OnException(MethodInvocation invocation, Exception exception)
    {
        if (invocation.State is TracingSpan span)
        {
            span.RecordException(exception).Stop();
        }
    }

    private sealed record TracedMethod(string OperationName, (int Index, string Key)[] Tags)
    {
        // Attributes are read by name: the plugin does not reference the toolkit.
        public static TracedMethod Read(MethodBase method)
        {
            var trace = method.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == ToolkitNames.TraceAttribute);
            var name = trace?.ConstructorArguments.FirstOrDefault().Value as string;
            var tags = method.GetParameters()
                .Select(p => (p.Position, Key: p.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == ToolkitNames.SpanTagAttribute)?.ConstructorArguments.FirstOrDefault().Value as string))
                .Where(t => !string.IsNullOrEmpty(t.Key))
                .Select(t => (t.Position, t.Key!))
                .ToArray();
            return new TracedMethod(string.IsNullOrWhiteSpace(name) ? $"{method.DeclaringType?.Name}.{method.Name}" : name, tags);
        }
    }
}
