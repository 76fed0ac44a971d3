using Sightline.Core.Configuration;
using Sightline.Core.Logging;

namespace Sightline.Agent.Runtime;

/// <summary>
/// The agent's start inside its private load context, called once by the start-up hook. Reads the configuration,
/// opens the agent log and starts an <see cref="AgentInstance"/>; whatever fails is logged and leaves the agent off.
/// </summary>
public static class AgentRuntime
{
    /// <summary>
    /// Set to <c>true</c> to build the whole agent before the application's <c>Main</c>, as before the background
    /// start (docs/configuration.md).
    /// </summary>
    public const string SynchronousStartVariable = "SIGHTLINE_SYNCHRONOUS_START";

    private static AgentInstance? _current;

    /// <summary>The running agent, or null when it is off.</summary>
    public static AgentInstance? Current => Volatile.Read(ref _current);

    /// <summary>Starts the agent for the folder <paramref name="agentHome"/>; never throws.</summary>
    public static void Start(string agentHome, Func<string, string?> environment, TextWriter errors)
    {
        AgentLog? log = null;
        try
        {
            var (options, problems) = AgentOptionsLoader.Load(environment, agentHome);
            if (!options.Enabled)
            {
                // Switched off on purpose says nothing; switched off by a broken file says why.
                foreach (var problem in problems.Where(p => p.DisablesAgent))
                {
                    errors.WriteLine($"Sightline: {problem} The application runs untraced.");
                }

                return;
            }

            log = new AgentLog(options.LogDirectory, options.LogLevel, errors);
            foreach (var problem in problems)
            {
                log.Warn("configuration: " + problem);
            }

            Volatile.Write(ref _current, AgentInstance.Start(options, log, IsSet(environment(SynchronousStartVariable))));
        }
        catch (Exception ex)
        {
            const string Message = "the agent could not start and is off; the application runs untraced";
            if (log is not null)
            {
                log.Error(Message, ex);
            }
            else
            {
                errors.WriteLine($"Sightline: {Message} ({ex.GetType().Name}: {ex.Message}).");
            }
        }
    }

    private static bool IsSet(string? value) =>
        value is not null && (value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim() == "1");
}
