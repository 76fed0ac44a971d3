using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Intercepts <c>void HttpContextServerCallContext.LogCallEnd()</c>: reached at the end of every call, normal or
/// failed, once its status is final.
/// </summary>
[TypedInterceptor]
public static class ServerCallEndInterceptor
{
    /// <summary>Records the status and stops the call's Entry span (a shared ASP.NET Core span is stopped by its owner).</summary>
    /// <param name="instance">The call's <c>HttpContextServerCallContext</c>.</param>
    public static void OnEnter(object instance) => ServerCallSpans.End(instance);
}
