using System.Diagnostics;
using System.Globalization;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.HttpClient;

/// <summary>
/// Intercepts <c>ValueTask&lt;HttpResponseMessage&gt; HttpConnectionPoolManager.SendAsync(HttpRequestMessage request,
/// bool async, bool doRequestAuth, CancellationToken cancellationToken)</c>: an Exit span from the request to its
/// response headers (or failure: refused connection, timeout, cancellation).
/// </summary>
[TypedInterceptor]
public static class PoolSendInterceptor
{
    // Replaces, never appends: DiagnosticsHandler may have written the same header a moment earlier.
    private static readonly CarrierSetter<HttpRequestMessage> Setter = static (request, key, value) =>
    {
        request.Headers.Remove(key);
        request.Headers.TryAddWithoutValidation(key, value);
    };

    /// <summary>Opens the Exit span and writes the propagation headers.</summary>
    /// <param name="request">The outgoing request.</param>
    /// <param name="state">The span, for <see cref="OnExit"/> and <see cref="OnException"/>.</param>
    public static void OnEnter(HttpRequestMessage request, ref TracingSpan state)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return;
        }

        // DiagnosticsHandler starts a bare Activity when an Activity is current but nobody samples its source; it is
        // exported by nobody, so the Exit span must not become its child (its parent would be missing).
        var current = Activity.Current;
        var hidden = current is { OperationName: HttpClientNames.HandlerActivity, Source.Name.Length: 0 } ? current : null;
        if (hidden is not null)
        {
            Activity.Current = hidden.Parent;
        }

        var method = request.Method.Method;
        var path = uri.AbsolutePath;
        var peer = PeerNames.Of(uri.Host, uri.Port);
        var span = Tracer.CreateExitSpan(string.Concat(method, " ", path), peer, request, Setter, SpanLayer.Http);
        if (span.IsNoop && hidden is not null)
        {
            Activity.Current = hidden;
        }

        // url.full without user info (credentials) or query (tokens), and from the path already read: no second parse.
        if (span.IsRecording)
        {
            span.SetComponent(HttpClientNames.Component)
                .SetTag(HttpClientNames.Method, method)
                .SetTag(HttpClientNames.Url, string.Concat(uri.Scheme, "://", uri.Authority, path))
                .SetTag(HttpClientNames.ServerAddress, uri.Host)
                .SetTag(HttpClientNames.ServerPort, uri.Port);
        }

        state = span;
    }

    /// <summary>Records the status (4xx and 5xx are errors) and stops the span.</summary>
    /// <param name="result">The response, its headers read.</param>
    /// <param name="state">The span.</param>
    public static void OnExit(HttpResponseMessage? result, ref TracingSpan state)
    {
        if (result is not null && state.IsRecording)
        {
            var status = (int)result.StatusCode;
            state.SetTag(HttpClientNames.StatusCode, status);
            if (status >= 400)
            {
                state.SetError(string.Concat("HTTP ", status.ToString(CultureInfo.InvariantCulture)));
            }
        }

        state.Stop();
    }

    /// <summary>Records the failure (a cancellation or timeout arrives as an <see cref="OperationCanceledException"/>) and stops the span.</summary>
    /// <param name="exception">What the send threw.</param>
    /// <param name="state">The span.</param>
    public static void OnException(Exception exception, ref TracingSpan state)
    {
        state.RecordException(exception);
        state.Stop();
    }
}
