using Grpc.Core;
using Jaeger.Storage.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>storage_v1 <c>SpanWriterPlugin</c>: one span per call, as Jaeger v1's collector writes.</summary>
public sealed class SpanWriterService(ISpanStore store)
{
    public async Task<WriteSpanResponse> WriteSpan(WriteSpanRequest request, ServerCallContext context)
    {
        Model.SpanRecord record;
        try
        {
            record = JaegerSpanRecordFactory.Create(request.Span);
        }
        catch (InvalidSpanException ex)
        {
            throw GrpcQueryMapper.Invalid(ex.Message);
        }

        await store.WriteAsync([record], context.CancellationToken).ConfigureAwait(false);
        return new WriteSpanResponse();
    }

    public Task<CloseWriterResponse> Close(CloseWriterRequest request, ServerCallContext context) => Task.FromResult(new CloseWriterResponse());
}
