using System.Globalization;
using System.Net.Http.Headers;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// One client call's Exit span, kept on the request's options from the send until the status is known (the trailers
/// come after the response headers the send returns with). Finishes exactly once, whoever gets there first.
/// </summary>
public sealed class ClientCall
{
    internal static readonly HttpRequestOptionsKey<ClientCall> Key = new("sightline.grpc.client-call");

    private int _finished;

    internal ClientCall(TracingSpan span)
    {
        Span = span;
    }

    internal TracingSpan Span { get; }

    /// <summary>The <c>grpc-status</c> field of <paramref name="headers"/>, or null when absent or not a number.</summary>
    internal static int? StatusOf(HttpHeaders headers) =>
        headers.TryGetValues(GrpcNames.StatusHeader, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    internal void Finish(int? status, string? error = null)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        if (status is { } code)
        {
            Span.SetTag(GrpcNames.StatusCode, code);
            if (code != 0)
            {
                Span.SetError(GrpcMethodName.StatusName(code));
            }
        }
        else if (error is not null)
        {
            Span.SetError(error);
        }

        Span.Stop();
    }

    internal void Fail(Exception exception)
    {
        if (Volatile.Read(ref _finished) == 0)
        {
            Span.RecordException(exception);
        }

        Finish(null);
    }
}
