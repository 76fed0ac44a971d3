using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>: the write path of Jaeger v2's remote storage and of OTLP exporters.</summary>
public sealed class OtlpTraceService(ISpanStore store)
{
    public async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        List<Model.SpanRecord> records;
        try
        {
            records = OtlpSpanRecordFactory.Create(request);
        }
        catch (InvalidSpanException ex)
        {
            throw GrpcQueryMapper.Invalid(ex.Message);
        }

        await store.WriteAsync(records, context.CancellationToken).ConfigureAwait(false);
        return new ExportTraceServiceResponse();
    }
}
