using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Intercepts <c>void HttpContextServerCallContext.Initialize(ISystemClock? clock)</c>: a call starts, its method and
/// metadata known; opens (or joins) its Entry span. The method is synchronous, so the span stays current for the handler.
/// </summary>
[TypedInterceptor]
public static class ServerCallStartInterceptor
{
    /// <summary>Opens the call's Entry span.</summary>
    /// <param name="instance">The call's <c>HttpContextServerCallContext</c>.</param>
    public static void OnExit(object instance) => ServerCallSpans.Start(instance);
}
