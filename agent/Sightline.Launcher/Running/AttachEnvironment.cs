namespace Sightline.Launcher.Running;

/// <summary>The environment variables that attach the agent, computed from the caller's environment and <c>run</c>'s options.</summary>
internal static class AttachEnvironment
{
    public const string StartupHooks = "DOTNET_STARTUP_HOOKS";

    public static Dictionary<string, string> Build(string agentHome, AttachSettings settings, Func<string, string?> environment)
    {
        var hook = AgentHome.HookPath(agentHome);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Another start-up hook the user already relies on keeps running: the runtime takes a list.
            [StartupHooks] = environment(StartupHooks) is { Length: > 0 } existing
                ? existing.Split(Path.PathSeparator).Contains(hook, StringComparer.Ordinal) ? existing : existing + Path.PathSeparator + hook
                : hook,
        };

        if (settings.ServiceName is { } service)
        {
            variables["OTEL_SERVICE_NAME"] = service;
        }

        if (settings.Endpoint is { } endpoint)
        {
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        }

        if (settings.Protocol is { } protocol)
        {
            variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
        }

        return variables;
    }
}
