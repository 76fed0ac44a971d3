using System.Diagnostics;
using System.Globalization;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Intercepts <c>Task&lt;HttpResponseMessage&gt; BalancerHttpHandler.SendAsync(HttpRequestMessage request,
/// CancellationToken cancellationToken)</c>: opens the call's Exit span and writes the propagation fields into the
/// call's metadata (its HTTP/2 headers).
/// </summary>
[TypedInterceptor]
public static class ClientSendInterceptor
{
    private static readonly CarrierSetter<HttpRequestMessage> Setter = static (request, key, value) =>
    {
        request.Headers.Remove(key);
        request.Headers.TryAddWithoutValidation(key, value);
    };

    /// <summary>Opens the Exit span.</summary>
    /// <param name="request">The call's HTTP/2 request; its path is the full method name.</param>
    /// <param name="state">The call, for <see cref="OnExit"/> and <see cref="OnException"/>.</param>
    public static void OnEnter(HttpRequestMessage request, ref ClientCall? state)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return;
        }

        // The client starts a bare Activity when one is current but nobody samples its source; nobody exports it,
        // so the Exit span must not become its child (its parent would be missing).
        var current = Activity.Current;
        var hidden = current is { OperationName: GrpcNames.ClientActivity, Source.Name.Length: 0 } ? current : null;
        if (hidden is not null)
        {
            Activity.Current = hidden.Parent;
        }

        var fullName = uri.AbsolutePath;
        var peer = string.Concat(uri.Host, ":", uri.Port.ToString(CultureInfo.InvariantCulture));
        var span = Tracer.CreateExitSpan(fullName, peer, request, Setter, SpanLayer.Rpc);
        if (span.IsNoop)
        {
            if (hidden is not null)
            {
                Activity.Current = hidden;
            }

            return;
        }

        if (span.IsRecording)
        {
            var (service, method) = GrpcMethodName.Split(fullName);
            span.SetComponent(GrpcNames.Component)
                .SetTag(GrpcNames.RpcSystem, "grpc")
                .SetTag(GrpcNames.RpcService, service)
                .SetTag(GrpcNames.RpcMethod, method)
                .SetTag(GrpcNames.ServerAddress, uri.Host)
                .SetTag(GrpcNames.ServerPort, uri.Port);
        }

        state = new ClientCall(span);
        request.Options.Set(ClientCall.Key, state);
    }

    /// <summary>
    /// Finishes the call when its status is already known from the response headers (a trailers-only response, an
    /// HTTP error); otherwise the span stays open until the client reads the trailers.
    /// </summary>
    /// <param name="result">The response, its headers read.</param>
    /// <param name="state">The call.</param>
    public static void OnExit(HttpResponseMessage? result, ref ClientCall? state)
    {
        if (state is null || result is null)
        {
            return;
        }

        if (ClientCall.StatusOf(result.Headers) is { } status)
        {
            state.Finish(status);
        }
        else if ((int)result.StatusCode != 200)
        {
            state.Finish(null, string.Concat("HTTP ", ((int)result.StatusCode).ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Records the failure (connection refused, deadline, cancellation) and finishes the call.</summary>
    /// <param name="exception">What the send threw.</param>
    /// <param name="state">The call.</param>
    public static void OnException(Exception exception, ref ClientCall? state) => state?.Fail(exception);
}
