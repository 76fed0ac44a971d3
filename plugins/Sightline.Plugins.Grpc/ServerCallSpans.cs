using System.Runtime.CompilerServices;
using Sightline.Plugins.Grpc.Shapes;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Grpc;

/// <summary>The Entry span of each server call, kept on the call's context object from its start to its end.</summary>
internal static class ServerCallSpans
{
    private static readonly ConditionalWeakTable<object, Holder> Open = new();

    public static void Start(object call)
    {
        var shape = ServerCallShape.For(call.GetType());
        var fullName = shape.Method(call);

        // Inside the ASP.NET Core plugin's Entry span this is that span (the innermost name wins); otherwise a new one.
        var span = Tracer.CreateEntrySpan(fullName, call, shape.Header, SpanLayer.Rpc);
        if (span.IsNoop)
        {
            return;
        }

        if (span.IsRecording)
        {
            var (service, method) = GrpcMethodName.Split(fullName);
            span.SetComponent(GrpcNames.Component)
                .SetLayer(SpanLayer.Rpc)
                .SetTag(GrpcNames.RpcSystem, "grpc")
                .SetTag(GrpcNames.RpcService, service)
                .SetTag(GrpcNames.RpcMethod, method);
        }

        Open.AddOrUpdate(call, new Holder(span));
    }

    public static void Failed(object call, Exception exception)
    {
        if (Open.TryGetValue(call, out var holder))
        {
            holder.Span.RecordException(exception);
        }
    }

    public static void End(object call)
    {
        if (!Open.TryGetValue(call, out var holder))
        {
            return;
        }

        Open.Remove(call);
        var span = holder.Span;
        try
        {
            if (span.IsRecording)
            {
                var status = ServerCallShape.For(call.GetType()).StatusCode(call);
                span.SetTag(GrpcNames.StatusCode, status);
                if (status != 0)
                {
                    span.SetError(GrpcMethodName.StatusName(status));
                }
            }
        }
        finally
        {
            span.Stop();
        }
    }

    private sealed class Holder(TracingSpan span)
    {
        public TracingSpan Span { get; } = span;
    }
}
