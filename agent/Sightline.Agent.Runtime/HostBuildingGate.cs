using System.Diagnostics;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;

namespace Sightline.Agent.Runtime;

/// <summary>
/// Where an application with a .NET generic host waits for the agent in the background start: when its host begins
/// to build (the "HostBuilding" event of the "Microsoft.Extensions.Hosting" <see cref="DiagnosticListener"/>, written
/// on the thread that calls <c>Build()</c>), everything loaded so far is installed before the build goes on. So the
/// services the host creates (the logger factory first) and every request it will serve are traced, while what ran
/// before (configuration code in <c>Main</c>) did not wait for the agent.
/// </summary>
/// <remarks>
/// Subscribed on the application's thread before <c>Main</c>, so no host is built unseen. The engine is attached
/// later, by the thread that starts the agent; <see cref="Attach"/> with null releases a waiting build when the agent
/// is off.
/// </remarks>
internal sealed class HostBuildingGate : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    /// <summary>The listener the generic host writes its build events to.</summary>
    internal const string ListenerName = "Microsoft.Extensions.Hosting";

    /// <summary>The event written when <c>Build()</c> begins, before the host's services exist.</summary>
    internal const string EventName = "HostBuilding";

    private readonly ManualResetEventSlim _attached = new();
    private readonly TimeSpan _timeout;
    private readonly Lock _subscriptions = new();
    private readonly List<IDisposable> _listeners = [];
    private IDisposable? _allListeners;
    private PluginEngine? _engine;
    private AgentLog? _log;

    private HostBuildingGate(TimeSpan timeout) => _timeout = timeout;

    /// <summary>True once a host began to build and the application waited here.</summary>
    public bool Reached { get; private set; }

    /// <summary>Subscribes to every <see cref="DiagnosticListener"/>, present and future.</summary>
    public static HostBuildingGate Subscribe(TimeSpan timeout)
    {
        var gate = new HostBuildingGate(timeout);
        var subscription = DiagnosticListener.AllListeners.Subscribe(gate);
        lock (gate._subscriptions)
        {
            gate._allListeners = subscription;
        }

        return gate;
    }

    /// <summary>
    /// The engine whose queue a building host waits for, or null when the agent is off (a build goes on at once).
    /// </summary>
    public void Attach(PluginEngine? engine, AgentLog? log)
    {
        _engine = engine;
        _log = log;
        _attached.Set();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_subscriptions)
        {
            _allListeners?.Dispose();
            _allListeners = null;
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _listeners.Clear();
        }

        _attached.Set();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == ListenerName)
        {
            var subscription = value.Subscribe(this, static (name, _, _) => name == EventName);
            lock (_subscriptions)
            {
                if (_allListeners is null)
                {
                    subscription.Dispose();
                }
                else
                {
                    _listeners.Add(subscription);
                }
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != EventName)
        {
            return;
        }

        Reached = true;
        var clock = Stopwatch.StartNew();
        if (!_attached.Wait(_timeout))
        {
            _log?.Warn($"start-up: the host began to build while the agent was still starting and waited {_timeout.TotalSeconds:0} s for it; calls made before it is ready are not traced");
            return;
        }

        if (_engine is { } engine && !engine.CatchUp())
        {
            _log?.Warn($"start-up: the host began to build while the agent was still patching and waited {_timeout.TotalSeconds:0} s for it; calls made before it is done are not traced");
        }
        else if (_log?.IsEnabled(Core.Configuration.AgentLogLevel.Debug) == true)
        {
            _log.Debug($"start-up: the host began to build and waited {clock.ElapsedMilliseconds} ms for the agent");
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
