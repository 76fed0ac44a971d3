using Grpc.Core;
using Jaeger.Storage.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>storage_v1 <c>SpanReaderPlugin</c>, for Jaeger v1.x and v2.0–2.5 query services.</summary>
public sealed class SpanReaderService(ISpanStore store, GrpcQueryMapper mapper) : SpanReaderPlugin.SpanReaderPluginBase
{
    public override async Task GetTrace(GetTraceRequest request, IServerStreamWriter<SpansResponseChunk> responseStream, ServerCallContext context)
    {
        if (request.TraceId.Length != 16)
        {
            throw GrpcQueryMapper.Invalid($"trace_id must be 16 bytes, got {request.TraceId.Length}");
        }

        var spans = await store.GetTraceAsync(TraceId.FromBytes(request.TraceId.Span), context.CancellationToken).ConfigureAwait(false);
        if (spans.Count == 0)
        {
            // Jaeger's client maps exactly this to ErrTraceNotFound, which its UI shows as 404.
            throw new RpcException(new Status(StatusCode.NotFound, "trace not found"));
        }

        await WriteTraceAsync(spans, responseStream, context).ConfigureAwait(false);
    }

    public override async Task<GetServicesResponse> GetServices(GetServicesRequest request, ServerCallContext context)
    {
        var response = new GetServicesResponse();
        response.Services.Add(await store.GetServicesAsync(context.CancellationToken).ConfigureAwait(false));
        return response;
    }

    public override async Task<GetOperationsResponse> GetOperations(GetOperationsRequest request, ServerCallContext context)
    {
        var operations = await store.GetOperationsAsync(request.Service, request.SpanKind, context.CancellationToken).ConfigureAwait(false);
        var response = new GetOperationsResponse();
        response.OperationNames.Add(operations.Select(o => o.Name).Distinct());
        response.Operations.Add(operations.Select(o => new Operation { Name = o.Name, SpanKind = o.SpanKind }));
        return response;
    }

    public override async Task FindTraces(FindTracesRequest request, IServerStreamWriter<SpansResponseChunk> responseStream, ServerCallContext context)
    {
        var found = await store.FindTraceIdsAsync(mapper.Map(request.Query), context.CancellationToken).ConfigureAwait(false);
        foreach (var slice in found.Chunk(ISpanStore.TracesPerRead))
        {
            foreach (var spans in await store.GetTracesAsync([.. slice.Select(f => f.TraceId)], context.CancellationToken).ConfigureAwait(false))
            {
                await WriteTraceAsync(spans, responseStream, context).ConfigureAwait(false);
            }
        }
    }

    public override async Task<FindTraceIDsResponse> FindTraceIDs(FindTraceIDsRequest request, ServerCallContext context)
    {
        var found = await store.FindTraceIdsAsync(mapper.Map(request.Query), context.CancellationToken).ConfigureAwait(false);
        var response = new FindTraceIDsResponse();
        response.TraceIds.Add(found.Select(f => Google.Protobuf.ByteString.CopyFrom(f.TraceId.ToBytes())));
        return response;
    }

    private static async Task WriteTraceAsync(IReadOnlyList<StoredSpan> spans, IServerStreamWriter<SpansResponseChunk> responseStream, ServerCallContext context)
    {
        foreach (var chunk in TraceChunker.JaegerChunks(spans))
        {
            var message = new SpansResponseChunk();
            message.Spans.Add(chunk);
            await responseStream.WriteAsync(message, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
