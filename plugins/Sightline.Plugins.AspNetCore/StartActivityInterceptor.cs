using System.Diagnostics;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// Intercepts <c>Activity? HostingApplicationDiagnostics.StartActivity(HttpContext httpContext, bool
/// diagnosticsOrLoggingEnabled, out bool hasDiagnosticListener)</c>: once the hosting layer has started its request
/// Activity (or found nobody wants one), opens the Entry span, adopting the framework's Activity when the application
/// samples it and otherwise handing the Entry span back as the request Activity, so that the hosting layer keeps it
/// current for the request, exposes it as <c>IHttpActivityFeature</c> and stops it at the end.
/// </summary>
[TypedInterceptor]
public static class StartActivityInterceptor
{
    /// <summary>Opens the request's Entry span.</summary>
    /// <param name="arg0">The request's <c>HttpContext</c>.</param>
    /// <param name="arg2">True when a DiagnosticListener was told about the framework's Activity.</param>
    /// <param name="result">The framework's request Activity, or null; replaced by the Entry span when it stands in.</param>
    public static void OnExit(object arg0, ref bool arg2, ref Activity? result) => RequestSpanFactory.Begin(arg0, arg2, ref result);
}
