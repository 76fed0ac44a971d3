using System.Reflection;

namespace Sightline.Agent.Runtime;

/// <summary>How much of the agent is in place before the application's own code runs (docs/attaching.md).</summary>
public enum AgentStartMode
{
    /// <summary>
    /// Only the hook's own check runs before <c>Main</c>; the agent starts on its own threads and a host that begins
    /// to build waits there until everything loaded so far is patched (<see cref="HostBuildingGate"/>). Code before
    /// the host's build can run untraced.
    /// </summary>
    Host,

    /// <summary>
    /// The plugins load before <c>Main</c>; a thread that loads an assembly with methods to intercept waits in that
    /// load until the agent is ready, so nothing matched ever runs untraced.
    /// </summary>
    FirstCall,

    /// <summary>The whole agent is built on the application's thread before <c>Main</c>.</summary>
    Synchronous,
}

/// <summary>Reads <see cref="AgentStartMode"/> from the environment (only there: it is needed before the configuration).</summary>
public static class AgentStartModes
{
    /// <summary>The variable: <c>auto</c> (the default), <c>host</c>, <c>first-call</c> or <c>synchronous</c>.</summary>
    public const string Variable = "SIGHTLINE_START_MODE";

    // An application whose entry assembly references these uses a generic host (ASP.NET Core's included).
    private static readonly string[] HostAssemblyPrefixes = ["Microsoft.Extensions.Hosting", "Microsoft.AspNetCore"];

    /// <summary>
    /// The mode, and in <paramref name="problem"/> a sentence when the variable's value was not understood (the default
    /// is used then). With <c>auto</c>, <see cref="AgentStartMode.Host"/> when <paramref name="entry"/> references the
    /// generic host or ASP.NET Core, else <see cref="AgentStartMode.FirstCall"/>.
    /// </summary>
    /// <remarks>
    /// An out parameter, not a tuple: read on the application's thread before <c>Main</c>, where a value tuple of an
    /// enum and a string was JIT-compiled (ReadyToRun cannot hold that instantiation of a framework generic).
    /// </remarks>
    public static AgentStartMode Read(Func<string, string?> environment, Assembly? entry, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        var value = environment(Variable)?.Trim();
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "auto":
                return Auto(entry);
            case "host":
                return AgentStartMode.Host;
            case "first-call":
                return AgentStartMode.FirstCall;
            case "synchronous":
                return AgentStartMode.Synchronous;
            default:
                var mode = Auto(entry);
                problem = $"{Variable}='{value}' is not one of auto, host, first-call, synchronous; using auto ({Name(mode)}).";
                return mode;
        }
    }

    /// <summary>The value of <see cref="Variable"/> that selects <paramref name="mode"/>.</summary>
    public static string Name(AgentStartMode mode) => mode switch
    {
        AgentStartMode.Host => "host",
        AgentStartMode.FirstCall => "first-call",
        _ => "synchronous",
    };

    private static AgentStartMode Auto(Assembly? entry)
    {
        try
        {
            foreach (var reference in entry?.GetReferencedAssemblies() ?? [])
            {
                foreach (var prefix in HostAssemblyPrefixes)
                {
                    if (reference.Name?.StartsWith(prefix, StringComparison.Ordinal) == true)
                    {
                        return AgentStartMode.Host;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            // An entry assembly whose references cannot be read: the safer mode.
        }

        return AgentStartMode.FirstCall;
    }
}
