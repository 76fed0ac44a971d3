using Sightline.Launcher.Commands;

namespace Sightline.Launcher.Running;

/// <summary>Finds the agent's distribution folder: --agent, else SIGHTLINE_AGENT_HOME, else the agent/ folder shipped with the launcher.</summary>
internal static class AgentHome
{
    public const string HookAssembly = "Sightline.Agent.dll";

    public const string HomeVariable = "SIGHTLINE_AGENT_HOME";

    public static string Locate(string? option, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return Check(option, "--agent");
        }

        if (environment(HomeVariable) is { Length: > 0 } fromEnvironment)
        {
            return Check(fromEnvironment, HomeVariable);
        }

        return Check(Path.Combine(AppContext.BaseDirectory, "agent"), "the launcher's own agent folder");
    }

    /// <summary>The hook assembly's full path in an agent folder.</summary>
    public static string HookPath(string home) => Path.Combine(home, HookAssembly);

    private static string Check(string folder, string source)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new LauncherException($"agent folder not found: {full} (from {source}). Point --agent or {HomeVariable} at the agent's distribution folder.");
        }

        if (!File.Exists(HookPath(full)))
        {
            throw new LauncherException($"the agent folder {full} (from {source}) has no {HookAssembly}: it is not an agent distribution.");
        }

        return full;
    }
}
