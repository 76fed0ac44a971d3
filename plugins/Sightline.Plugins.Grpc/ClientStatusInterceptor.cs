using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Intercepts <c>static Status GrpcProtocolHelpers.GetResponseStatus(HttpResponseMessage httpResponse, bool isBrowser,
/// bool isWinHttp)</c>: the trailers have arrived, so the call's status is final.
/// </summary>
[TypedInterceptor]
public static class ClientStatusInterceptor
{
    /// <summary>Finishes the call's Exit span with the status in the trailers.</summary>
    /// <param name="arg0">The call's HTTP response.</param>
    public static void OnEnter(HttpResponseMessage arg0)
    {
        if (arg0.RequestMessage is { } request && request.Options.TryGetValue(ClientCall.Key, out var call))
        {
            call.Finish(ClientCall.StatusOf(arg0.TrailingHeaders) ?? ClientCall.StatusOf(arg0.Headers));
        }
    }
}
