using Grpc.Core;
using Jaeger.Storage.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>
/// storage_v1 <c>StreamingSpanWriterPlugin</c>. Jaeger keeps such streams open and sends one span per message, so
/// each span is queued as it arrives (the write queue merges them into shared commits) without waiting for the
/// commit before reading the next; the reply is sent once every span of the stream is committed.
/// </summary>
public sealed class StreamingSpanWriterService(ISpanStore store) : StreamingSpanWriterPlugin.StreamingSpanWriterPluginBase
{
    private const int MaxOutstandingWrites = 64;

    public override async Task<WriteSpanResponse> WriteSpanStream(IAsyncStreamReader<WriteSpanRequest> requestStream, ServerCallContext context)
    {
        var outstanding = new Queue<Task>();
        var index = 0;
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                Model.SpanRecord record;
                try
                {
                    record = JaegerSpanRecordFactory.Create(requestStream.Current.Span, $"message {index}: span");
                }
                catch (InvalidSpanException ex)
                {
                    throw GrpcQueryMapper.Invalid(ex.Message);
                }

                index++;
                outstanding.Enqueue(store.WriteAsync([record], context.CancellationToken));
                while (outstanding.Count > MaxOutstandingWrites || (outstanding.Count > 0 && outstanding.Peek().IsCompleted))
                {
                    await outstanding.Dequeue().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Whatever happens to the stream, spans already accepted are committed before the call ends.
            while (outstanding.Count > 0)
            {
                await outstanding.Dequeue().ConfigureAwait(false);
            }
        }

        return new WriteSpanResponse();
    }
}
