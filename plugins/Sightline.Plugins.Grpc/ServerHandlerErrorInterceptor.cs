using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Intercepts <c>void HttpContextServerCallContext.ProcessHandlerError(Exception ex, string method)</c>: the service
/// method threw (an <c>RpcException</c> with a status, or any other exception, which becomes UNKNOWN).
/// </summary>
[TypedInterceptor]
public static class ServerHandlerErrorInterceptor
{
    /// <summary>Records the exception on the call's Entry span.</summary>
    /// <param name="instance">The call's <c>HttpContextServerCallContext</c>.</param>
    /// <param name="arg0">What the service method threw.</param>
    public static void OnEnter(object instance, Exception arg0) => ServerCallSpans.Failed(instance, arg0);
}
