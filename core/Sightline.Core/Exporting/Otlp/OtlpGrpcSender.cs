using System.Buffers;
using Grpc.Core;
using Grpc.Net.Client;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>
/// OTLP/gRPC: the unary <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c> call, whose request body is
/// the serializer's bytes as they are (no message object) and whose response is not read: a partial success is still
/// an accepted request.
/// </summary>
internal sealed class OtlpGrpcSender : IOtlpSender
{
    private static readonly Marshaller<Request> RequestMarshaller = new(
        static (request, context) =>
        {
            context.SetPayloadLength(request.Bytes.Count);
            context.GetBufferWriter().Write(request.Bytes);
            context.Complete();
        },
        static _ => throw new NotSupportedException("the exporter only sends requests"));

    private static readonly Marshaller<Accepted> ResponseMarshaller = new(
        static (_, _) => throw new NotSupportedException("the exporter only reads responses"),
        static _ => Accepted.Instance);

    private static readonly Method<Request, Accepted> Export = new(
        MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", RequestMarshaller, ResponseMarshaller);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly Metadata _headers = [];
    private readonly TimeSpan _timeout;

    public OtlpGrpcSender(Uri endpoint, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
    {
        _timeout = timeout;
        _channel = GrpcChannel.ForAddress(endpoint);
        _invoker = _channel.CreateCallInvoker();
        foreach (var (key, value) in headers)
        {
            _headers.Add(key.ToLowerInvariant(), value);
        }
    }

    public async Task<ExportResult> SendAsync(ArraySegment<byte> request, CancellationToken cancellationToken)
    {
        try
        {
            var options = new CallOptions(_headers, DateTime.UtcNow + _timeout, cancellationToken);
            using var call = _invoker.AsyncUnaryCall(Export, null, options, new Request(request));
            await call.ResponseAsync.ConfigureAwait(false);
            return ExportResult.Success;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Cancelled
                ? ExportResult.RetryableFailure
                : ExportResult.PermanentFailure;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            return ExportResult.RetryableFailure;
        }
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>The serialized request, as the marshaller writes it.</summary>
    private sealed record Request(ArraySegment<byte> Bytes);

    /// <summary>Any response: its content (a partial success) is not read.</summary>
    private sealed class Accepted
    {
        public static readonly Accepted Instance = new();
    }
}
