using System.Reflection;
using Sightline.Core.Configuration;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;

namespace Sightline.Agent.Runtime;

/// <summary>
/// The agent's start inside its private load context, called once by the start-up hook. Reads the configuration,
/// opens the agent log and starts an <see cref="AgentInstance"/>; whatever fails is logged and leaves the agent off.
/// </summary>
public static class AgentRuntime
{
    private static AgentInstance? _current;

    /// <summary>The running agent, or null when it is off.</summary>
    public static AgentInstance? Current => Volatile.Read(ref _current);

    /// <summary>
    /// Starts the agent for the folder <paramref name="agentHome"/>; never throws. In the default start of an
    /// application with a generic host (<see cref="AgentStartMode.Host"/>) only the start mode is read here: the rest
    /// (configuration included) follows on the 'Sightline.Start' thread.
    /// </summary>
    public static void Start(string agentHome, Func<string, string?> environment, TextWriter errors)
    {
        try
        {
            var mode = AgentStartModes.Read(environment, Assembly.GetEntryAssembly(), out var problem);
            if (mode == AgentStartMode.Host)
            {
                var gate = HostBuildingGate.Subscribe(PluginEngine.DefaultActivationTimeout);
                AgentThreads.Start("Sightline.Start", () => StartAgent(agentHome, environment, errors, mode, problem, gate));
            }
            else
            {
                StartAgent(agentHome, environment, errors, mode, problem, gate: null);
            }
        }
        catch (Exception ex)
        {
            errors.WriteLine($"Sightline: {FailureMessage} ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    private const string FailureMessage = "the agent could not start and is off; the application runs untraced";

    private static void StartAgent(
        string agentHome, Func<string, string?> environment, TextWriter errors, AgentStartMode mode, string? modeProblem, HostBuildingGate? gate)
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
            if (modeProblem is not null)
            {
                log.Warn("configuration: " + modeProblem);
            }

            foreach (var problem in problems)
            {
                log.Warn("configuration: " + problem);
            }

            var agent = AgentInstance.Start(options, log, mode, gate);
            Volatile.Write(ref _current, agent);
            if (mode == AgentStartMode.Host)
            {
                agent.InstallUntilCaughtUp();
            }
        }
        catch (Exception ex)
        {
            if (log is not null)
            {
                log.Error(FailureMessage, ex);
            }
            else
            {
                errors.WriteLine($"Sightline: {FailureMessage} ({ex.GetType().Name}: {ex.Message}).");
            }
        }
        finally
        {
            // Off or failed: a host that begins to build does not wait (a started agent attached its engine).
            if (Volatile.Read(ref _current) is null)
            {
                gate?.Attach(null, log);
                gate?.Dispose();
            }
        }
    }
}
