using System.Diagnostics;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// Intercepts <c>void HostingApplicationDiagnostics.StopActivity(HttpContext httpContext, Activity activity, bool
/// hasDiagnosticListener)</c>: the response has been produced (an unhandled exception is already a 500) and the
/// endpoint routing chose is known, so the Entry span gets its route-template name, status and error just before the
/// hosting layer stops the request Activity.
/// </summary>
[TypedInterceptor]
public static class StopActivityInterceptor
{
    /// <summary>Names and tags the request's Entry span (and stops it if the hosting layer does not).</summary>
    /// <param name="arg0">The request's <c>HttpContext</c>.</param>
    /// <param name="arg1">The request Activity the hosting layer is about to stop.</param>
    public static void OnEnter(object arg0, Activity arg1) => RequestSpanFactory.End(arg0, arg1);
}
