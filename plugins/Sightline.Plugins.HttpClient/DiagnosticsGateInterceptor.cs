using System.Diagnostics;
using System.Reflection;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.HttpClient;

/// <summary>
/// Turns off <c>DiagnosticsHandler</c> when nobody but the agent listens to it. The agent's own listener on the
/// <c>System.Net.Http</c> source samples nothing (it is there to adopt Activities the application samples), so
/// all the stage would do per request is ask that listener, start and stop a bare Activity nobody exports and
/// write a <c>traceparent</c> that <see cref="PoolSendInterceptor"/> replaces a moment later: about 2 µs and
/// 600 bytes per request for nothing. When the application (or any library) listens to the source or to the
/// handler's DiagnosticListener, the framework's stage runs exactly as without the agent, and the plugin adopts
/// its Activity.
/// </summary>
[TypedInterceptor]
public static class DiagnosticsGateInterceptor
{
    private const BindingFlags StaticFields = BindingFlags.NonPublic | BindingFlags.Static;

    // Read once: both are static readonly fields of DiagnosticsHandler. Missing (another framework layout): no change.
    private static readonly ActivitySource? HandlerSource = ReadField<ActivitySource>("s_activitySource");
    private static readonly DiagnosticListener? HandlerListener = ReadField<DiagnosticListener>("s_diagnosticListener");

    // The agent's tracer is one listener of System.Net.Http (it adopts the application's client Activities).
    private const int AgentListeners = 1;

    /// <summary>Answers false where the framework's answer was true only because an Activity is current.</summary>
    /// <param name="result">The framework's answer.</param>
    public static void OnExit(ref bool result)
    {
        // An unknown listener count (another DiagnosticSource layout) keeps the gate open.
        if (result && HandlerSource is { } source && HandlerListener is { } listener && Tracer.IsInstalled
            && ActivitySourceListeners.Count(source) <= AgentListeners && !listener.IsEnabled())
        {
            result = false;
        }
    }

    private static T? ReadField<T>(string name)
        where T : class =>
        typeof(System.Net.Http.HttpClient).Assembly.GetType(HttpClientNames.DiagnosticsHandler)?.GetField(name, StaticFields)?.GetValue(null) as T;
}
