using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Sightline.Spi.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// Tells when ASP.NET Core's hosting layer would create its request Activity only for logging scopes: nobody but the
/// agent listens to its ActivitySource (the agent's listener samples nothing; it is there to adopt the application's
/// Activities) and no DiagnosticListener subscriber wants its events. The Entry span then stands in for that
/// Activity from the start, instead of the framework creating, starting and the plugin stopping a bare one per
/// request. The layouts read here belong to the framework: when they cannot be read, the gate stays open.
/// </summary>
internal static class HostingActivityGate
{
    // The agent's tracer is one listener of Microsoft.AspNetCore (it adopts the application's server Activities).
    private const int AgentListeners = 1;
    private const BindingFlags Instance = BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly ConcurrentDictionary<Type, Func<object, (ActivitySource?, DiagnosticListener?)>?> Readers = new();

    /// <summary>True when nobody but the agent would see the hosting layer's request Activity.</summary>
    public static bool OnlyTheAgentListens(object diagnostics)
    {
        if (Readers.GetOrAdd(diagnostics.GetType(), CompileReader) is not { } reader)
        {
            return false;
        }

        // An unknown listener count (another DiagnosticSource layout) keeps the gate open.
        var (source, listener) = reader(diagnostics);
        return source is not null && listener is not null && ActivitySourceListeners.Count(source) <= AgentListeners && !listener.IsEnabled();
    }

    private static Func<object, (ActivitySource?, DiagnosticListener?)>? CompileReader(Type type)
    {
        var sourceField = type.GetField("_activitySource", Instance);
        var listenerField = type.GetField("_diagnosticListener", Instance);
        if (sourceField?.FieldType != typeof(ActivitySource) || listenerField?.FieldType != typeof(DiagnosticListener))
        {
            return null;
        }

        var source = MemberAccess.Getter<ActivitySource?>(type, sourceField.Name);
        var listener = MemberAccess.Getter<DiagnosticListener?>(type, listenerField.Name);
        return diagnostics => (source(diagnostics), listener(diagnostics));
    }
}
