using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Toolkit;

[TypedInterceptor]
public static class ActiveSpanTagInterceptor
{
    public static void OnEnter(string key, string? value) => Tracer.ActiveSpan.SetTag(key, value);
}

[TypedInterceptor]
public static class ActiveSpanLogInterceptor
{
    public static void OnEnter(string message) =>
        Tracer.ActiveSpan.AddEvent("log", [new KeyValuePair<string, object?>("message", message)]);
}

[TypedInterceptor]
public static class ActiveSpanErrorInterceptor
{
    public static void OnEnter(Exception exception) => Tracer.ActiveSpan.RecordException(exception);
}

[TypedInterceptor]
public static class ActiveSpanTraceIdInterceptor
{
    public static void OnExit(ref string result)
    {
        if (Tracer.ActiveSpan.Activity is { } activity)
        {
            result = activity.TraceId.ToHexString();
        }
    }
}

[TypedInterceptor]
public static class LocalSpanOpenInterceptor
{
    public static void OnExit(string operationName, ref object? result)
    {
        var span = Tracer.CreateLocalSpan(operationName).SetComponent(ToolkitNames.Component);
        result = span.IsNoop ? null : span;
    }
}

[TypedInterceptor]
public static class LocalSpanTagInterceptor
{
    public static void OnEnter(object handle, string key, string? value)
    {
        if (handle is TracingSpan span)
        {
            span.SetTag(key, value);
        }
    }
}

[TypedInterceptor]
public static class LocalSpanFailInterceptor
{
    public static void OnEnter(object handle, Exception exception)
    {
        if (handle is TracingSpan span)
        {
            span.RecordException(exception);
        }
    }
}

[TypedInterceptor]
public static class LocalSpanCloseInterceptor
{
    public static void OnEnter(object handle)
    {
        if (handle is TracingSpan span)
        {
            span.Stop();
        }
    }
}
