using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Jaeger.Storage.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Sightline.Storage.Grpc;

/// <summary>
/// Binds the three write services by hand (instead of through the generated base classes) so their requests go
/// through <see cref="ValidatingMarshaller"/>: a malformed message is INVALID_ARGUMENT, never UNKNOWN.
/// </summary>
public sealed class WriteMethodProvider :
    IServiceMethodProvider<OtlpTraceService>,
    IServiceMethodProvider<SpanWriterService>,
    IServiceMethodProvider<StreamingSpanWriterService>
{
    private static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> Export =
        ValidatingMarshaller.Method(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", ExportTraceServiceRequest.Parser, ExportTraceServiceResponse.Parser);

    private static readonly Method<WriteSpanRequest, WriteSpanResponse> WriteSpan =
        ValidatingMarshaller.Method(MethodType.Unary, "jaeger.storage.v1.SpanWriterPlugin", "WriteSpan", WriteSpanRequest.Parser, WriteSpanResponse.Parser);

    private static readonly Method<CloseWriterRequest, CloseWriterResponse> Close =
        ValidatingMarshaller.Method(MethodType.Unary, "jaeger.storage.v1.SpanWriterPlugin", "Close", CloseWriterRequest.Parser, CloseWriterResponse.Parser);

    private static readonly Method<WriteSpanRequest, WriteSpanResponse> WriteSpanStream =
        ValidatingMarshaller.Method(MethodType.ClientStreaming, "jaeger.storage.v1.StreamingSpanWriterPlugin", "WriteSpanStream", WriteSpanRequest.Parser, WriteSpanResponse.Parser);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpTraceService> context) =>
        context.AddUnaryMethod(Export, [], (service, request, call) => service.Export(request, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<SpanWriterService> context)
    {
        context.AddUnaryMethod(WriteSpan, [], (service, request, call) => service.WriteSpan(request, call));
        context.AddUnaryMethod(Close, [], (service, request, call) => service.Close(request, call));
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<StreamingSpanWriterService> context) =>
        context.AddClientStreamingMethod(WriteSpanStream, [], (service, stream, call) => service.WriteSpanStream(stream, call));
}
