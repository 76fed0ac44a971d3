using Grpc.Core;
using Jaeger.Storage.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>
/// storage_v1 <c>StreamingSpanWriterPlugin</c>. Jaeger keeps such streams open and sends one span per message.
/// Spans are gathered while messages keep arriving and handed to the store as soon as the stream goes quiet (or
/// 1,000 are gathered), without waiting for the commit before reading on; the reply is sent once every span of
/// the stream is committed.
/// </summary>
public sealed class StreamingSpanWriterService(ISpanStore store)
{
    private const int MaxBatch = 1000;
    private const int MaxOutstandingWrites = 8;

    public async Task<WriteSpanResponse> WriteSpanStream(IAsyncStreamReader<WriteSpanRequest> requestStream, ServerCallContext context)
    {
        var outstanding = new Queue<Task>();
        var buffer = new List<SpanRecord>();
        var index = 0;
        try
        {
            while (true)
            {
                var next = requestStream.MoveNext(context.CancellationToken);
                if (!next.IsCompleted && buffer.Count > 0)
                {
                    outstanding.Enqueue(store.WriteAsync(buffer, context.CancellationToken));
                    buffer = [];
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                try
                {
                    buffer.Add(JaegerSpanRecordFactory.Create(requestStream.Current.Span, $"message {index}: span"));
                }
                catch (InvalidSpanException ex)
                {
                    throw GrpcQueryMapper.Invalid(ex.Message);
                }

                index++;
                if (buffer.Count >= MaxBatch)
                {
                    outstanding.Enqueue(store.WriteAsync(buffer, context.CancellationToken));
                    buffer = [];
                }

                while (outstanding.Count > MaxOutstandingWrites || (outstanding.Count > 0 && outstanding.Peek().IsCompleted))
                {
                    await outstanding.Dequeue().ConfigureAwait(false);
                }
            }

            if (buffer.Count > 0)
            {
                outstanding.Enqueue(store.WriteAsync(buffer, context.CancellationToken));
            }
        }
        finally
        {
            // Whatever happens to the stream, spans already handed over are committed before the call ends.
            while (outstanding.Count > 0)
            {
                await outstanding.Dequeue().ConfigureAwait(false);
            }
        }

        return new WriteSpanResponse();
    }
}
