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
    /// <summary>
    /// Asks the hosting layer for no request Activity of its own when only logging scopes wanted one and nobody but
    /// the agent listens: the Entry span stands in for it.
    /// </summary>
    /// <param name="instance">The hosting layer's <c>HostingApplicationDiagnostics</c>.</param>
    /// <param name="arg1">True when logging or a DiagnosticListener wants an Activity even if nobody samples one.</param>
    /// <param name="state">Set when the plugin answered for logging, so the Entry span must stand in whatever happens.</param>
    public static void OnEnter(object instance, ref bool arg1, ref bool state)
    {
        if (arg1 && HostingActivityGate.OnlyTheAgentListens(instance))
        {
            arg1 = false;
            state = true;
        }
    }

    /// <summary>Opens the request's Entry span.</summary>
    /// <param name="arg0">The request's <c>HttpContext</c>.</param>
    /// <param name="arg2">True when a DiagnosticListener was told about the framework's Activity.</param>
    /// <param name="result">The framework's request Activity, or null; replaced by the Entry span when it stands in.</param>
    /// <param name="state">True when <see cref="OnEnter"/> took the Activity logging wanted away.</param>
    public static void OnExit(object arg0, ref bool arg2, ref Activity? result, ref bool state) => RequestSpanFactory.Begin(arg0, arg2, ref result, state);
}
