using System.Net;
using System.Net.Http.Headers;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>OTLP/HTTP with a binary protobuf body: <c>POST</c> to the traces endpoint as configured.</summary>
internal sealed class OtlpHttpSender : IOtlpSender
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly TimeSpan _timeout;

    public OtlpHttpSender(Uri endpoint, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
    {
        _endpoint = endpoint;
        _timeout = timeout;

        // Connections are renewed now and then so that a receiver behind DNS or a load balancer can move.
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        foreach (var (key, value) in headers)
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation(key, value);
        }
    }

    public async Task<ExportResult> SendAsync(ArraySegment<byte> request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var content = new ByteArrayContent(request.Array!, request.Offset, request.Count);
            content.Headers.ContentType = Protobuf;
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? ExportResult.Success
                : response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                    ? ExportResult.RetryableFailure
                    : ExportResult.PermanentFailure;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            // Refused, reset or timed out: the receiver may well be back for the retry.
            return ExportResult.RetryableFailure;
        }
    }

    public void Dispose() => _client.Dispose();
}
