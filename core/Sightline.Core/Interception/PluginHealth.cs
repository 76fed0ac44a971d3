using System.Reflection;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;

namespace Sightline.Core.Interception;

/// <summary>
/// Counts one plugin's interceptor failures. The first failure of each handler is logged with its stack; after
/// <see cref="FailureLimit"/> failures the plugin is switched off (its interceptors stop running, the application
/// keeps running unpatched in behaviour) and the decision is recorded.
/// </summary>
public sealed class PluginHealth
{
    private readonly AgentLog? _log;
    private readonly DecisionLog? _decisions;
    private long _failures;
    private volatile bool _enabled = true;

    /// <summary>Creates the health record of plugin <paramref name="pluginId"/>.</summary>
    public PluginHealth(string pluginId, int failureLimit, AgentLog? log, DecisionLog? decisions)
    {
        PluginId = pluginId;
        FailureLimit = failureLimit;
        _log = log;
        _decisions = decisions;
    }

    /// <summary>The plugin's id.</summary>
    public string PluginId { get; }

    /// <summary>How many failures switch the plugin off.</summary>
    public int FailureLimit { get; }

    /// <summary>False once the plugin was switched off; read on every intercepted call.</summary>
    public bool Enabled => _enabled;

    /// <summary>How many times the plugin's interceptors threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Records that <paramref name="handler"/> threw <paramref name="exception"/>; never throws itself.</summary>
    public void Report(MethodInfo handler, Exception exception)
    {
        try
        {
            var count = Interlocked.Increment(ref _failures);
            var where = $"{handler.DeclaringType?.Name}.{handler.Name}";
            _log?.Once($"interceptor-failure:{PluginId}:{where}", Configuration.AgentLogLevel.Error,
                $"plugin {PluginId}: interceptor {where} threw; the application was not affected", exception);
            if (count == FailureLimit && _enabled)
            {
                _enabled = false;
                var reason = $"its interceptors failed {count} times (last: {exception.GetType().Name}: {exception.Message}); the plugin is switched off";
                _log?.Error($"plugin {PluginId}: {reason}");
                _decisions?.Record(new PluginDecision(PluginId, null, "*", PluginOutcome.SwitchedOff, reason));
            }
        }
        catch (Exception)
        {
            // Reporting must never add a failure of its own to the application's call.
        }
    }
}
