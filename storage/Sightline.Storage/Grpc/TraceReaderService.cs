using Grpc.Core;
using Jaeger.Storage.V2;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>
/// storage v2 <c>TraceReader</c>, what Jaeger ≥ 2.6 calls. Unlike v1, an unknown trace id is simply absent from
/// the stream (no error). FindTraceSummaries streams one <see cref="TraceSummary"/> per found trace, newest first.
/// </summary>
public sealed class TraceReaderService(ISpanStore store, GrpcQueryMapper mapper) : TraceReader.TraceReaderBase
{
    public override async Task GetTraces(GetTracesRequest request, IServerStreamWriter<TracesData> responseStream, ServerCallContext context)
    {
        foreach (var query in request.Query)
        {
            if (query.TraceId.Length != 16)
            {
                throw GrpcQueryMapper.Invalid($"trace_id must be 16 bytes, got {query.TraceId.Length}");
            }
        }

        foreach (var query in request.Query)
        {
            var spans = await store.GetTraceAsync(TraceId.FromBytes(query.TraceId.Span), context.CancellationToken).ConfigureAwait(false);
            await WriteTraceAsync(spans, responseStream, context).ConfigureAwait(false);
        }
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
        response.Operations.Add(operations.Select(o => new Operation { Name = o.Name, SpanKind = o.SpanKind }));
        return response;
    }

    public override async Task FindTraces(FindTracesRequest request, IServerStreamWriter<TracesData> responseStream, ServerCallContext context)
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
        response.TraceIds.Add(found.Select(f => new FoundTraceID { TraceId = Google.Protobuf.ByteString.CopyFrom(f.TraceId.ToBytes()) }));
        return response;
    }

    public override async Task FindTraceSummaries(FindTraceSummariesRequest request, IServerStreamWriter<FindTraceSummariesResponse> responseStream, ServerCallContext context)
    {
        const int SummariesPerMessage = 100;
        var found = await store.FindTraceIdsAsync(mapper.Map(request.Query), context.CancellationToken).ConfigureAwait(false);
        var response = new FindTraceSummariesResponse();
        foreach (var slice in found.Chunk(ISpanStore.TracesPerRead))
        {
            var traces = await store.GetTracesAsync([.. slice.Select(f => f.TraceId)], context.CancellationToken).ConfigureAwait(false);
            for (var i = 0; i < slice.Length; i++)
            {
                if (traces[i].Count == 0)
                {
                    continue;
                }

                response.Summaries.Add(TraceSummaryBuilder.Build(slice[i].TraceId, traces[i]));
                if (response.Summaries.Count == SummariesPerMessage)
                {
                    await responseStream.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
                    response = new FindTraceSummariesResponse();
                }
            }
        }

        if (response.Summaries.Count > 0)
        {
            await responseStream.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteTraceAsync(IReadOnlyList<StoredSpan> spans, IServerStreamWriter<TracesData> responseStream, ServerCallContext context)
    {
        foreach (var chunk in TraceChunker.OtlpChunks(spans))
        {
            await responseStream.WriteAsync(chunk, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
