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
    /// Skips the hosting layer's own request Activity when nobody but the agent listens: it would parse the caller's
    /// <c>traceparent</c> and ask the listeners only to get nothing back (the agent samples none of the framework's
    /// Activities), or a bare Activity nobody exports when logging scopes want one. The Entry span stands in for it.
    /// </summary>
    /// <param name="instance">The hosting layer's <c>HostingApplicationDiagnostics</c>.</param>
    /// <param name="arg1">True when logging or a DiagnosticListener wants an Activity even if nobody samples one.</param>
    /// <param name="arg2">Whether a DiagnosticListener was told about the Activity: nobody was, when skipped.</param>
    /// <param name="state">Set when logging wanted an Activity, so the Entry span must stand in whatever happens.</param>
    /// <returns>False to skip the original (its result stays null).</returns>
    public static bool OnEnter(object instance, ref bool arg1, ref bool arg2, ref bool state)
    {
        if (!HostingActivityGate.OnlyTheAgentListens(instance))
        {
            return true;
        }

        state = arg1;
        arg2 = false;
        return false;
    }

    /// <summary>Opens the request's Entry span.</summary>
    /// <param name="arg0">The request's <c>HttpContext</c>.</param>
    /// <param name="arg2">True when a DiagnosticListener was told about the framework's Activity.</param>
    /// <param name="result">The framework's request Activity, or null; replaced by the Entry span when it stands in.</param>
    /// <param name="state">True when <see cref="OnEnter"/> took the Activity logging wanted away.</param>
    public static void OnExit(object arg0, ref bool arg2, ref Activity? result, ref bool state) => RequestSpanFactory.Begin(arg0, arg2, ref result, state);
}
