using System.Reflection;
using Sightline.Core.Interception;
using Sightline.Core.Logging;
using Sightline.Spi.Plugins;

namespace Sightline.Core.Plugins;

/// <summary>
/// Applies the plugins for the life of the process: evaluates them against every assembly already loaded and
/// against each assembly as it loads (synchronously, before its code can run), and installs the interceptors of
/// every matched method. Every decision lands in <see cref="Decisions"/>.
/// </summary>
/// <remarks>
/// With <see cref="WaitsForActivation"/> the engine can start before the tracer and the patch engine are ready:
/// assemblies are matched at once, but a thread whose assembly has methods to intercept waits in the load until
/// <see cref="Activate"/> (the readiness point), so no matched method runs unpatched. Agent threads never wait: what
/// they load is installed by <see cref="Activate"/>, before any waiting thread goes on.
/// </remarks>
public sealed class PluginEngine : IDisposable
{
    private readonly PluginMatcher _matcher;
    private readonly InterceptionInstaller _installer;
    private readonly AgentLog? _log;
    private readonly HashSet<Assembly> _seen = [];
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _activated = new(initialState: true);
    private readonly List<(Assembly Assembly, IReadOnlyList<MatchedMethod> Methods)> _deferred = [];
    private bool _started;
    private readonly bool _waitsForActivation;
    private volatile Readiness _readiness = Readiness.Active;

    /// <summary>Creates the engine; nothing is evaluated before <see cref="Start"/>.</summary>
    public PluginEngine(IEnumerable<SightlinePlugin> plugins, PluginOptions options, InterceptionInstaller installer, DecisionLog decisions, AgentLog? log)
    {
        Decisions = decisions;
        _installer = installer;
        _log = log;
        _matcher = new PluginMatcher(plugins, options, decisions);
    }

    /// <summary>Every decision made so far.</summary>
    public DecisionLog Decisions { get; }

    /// <summary>The plugins that are switched on.</summary>
    public IReadOnlyList<SightlinePlugin> Plugins => _matcher.Plugins;

    /// <summary>
    /// Assemblies never evaluated, such as the agent's own copies of libraries a plugin instruments (its gRPC
    /// client): tracing the agent's own calls would only produce noise. Set before <see cref="Start"/>.
    /// </summary>
    public Func<Assembly, bool>? Skip { get; init; }

    /// <summary>
    /// When set (before <see cref="Start"/>), nothing is installed before <see cref="Activate"/>: application
    /// threads that load an assembly with methods to intercept wait for it (at most <see cref="ActivationTimeout"/>).
    /// <see cref="Activate"/> may come before <see cref="Start"/> too.
    /// </summary>
    public bool WaitsForActivation
    {
        get => _waitsForActivation;
        init
        {
            _waitsForActivation = value;
            _readiness = value ? Readiness.Waiting : Readiness.Active;
            if (value)
            {
                _activated.Reset();
            }
        }
    }

    /// <summary>
    /// How long a load waits for <see cref="Activate"/> before it goes on; its methods are then installed by the
    /// activation, later. A safety net against a deadlock, never reached in a healthy start.
    /// </summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Subscribes to assembly loads, then evaluates the assemblies already loaded.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started || _readiness == Readiness.Off)
            {
                return;
            }

            _started = true;
        }

        // Subscribe first so an assembly loading meanwhile is not missed; Process() ignores one seen twice.
        AppDomain.CurrentDomain.AssemblyLoad += OnAssemblyLoad;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Process(assembly);
        }
    }

    /// <summary>Evaluates one assembly now (the agent calls this for each load; tests may call it directly).</summary>
    public int Process(Assembly assembly)
    {
        lock (_gate)
        {
            if (!_seen.Add(assembly))
            {
                return 0;
            }
        }

        if (Skip?.Invoke(assembly) == true)
        {
            return 0;
        }

        try
        {
            var matched = _matcher.Match(assembly);
            return matched.Count == 0 || !WaitForActivation(assembly, matched) ? 0 : Install(assembly, matched);
        }
        catch (Exception ex)
        {
            // An assembly that cannot be evaluated is left alone; the application's load goes on.
            _log?.Once("assembly-failed:" + assembly.FullName, Configuration.AgentLogLevel.Error, $"plugins: evaluating {assembly.GetName().Name} failed", ex);
            return 0;
        }
    }

    /// <summary>
    /// The readiness point: installs what was matched meanwhile and lets the waiting loads go on; from then on every
    /// load installs its interceptions itself, as without <see cref="WaitsForActivation"/>.
    /// </summary>
    public void Activate()
    {
        while (true)
        {
            List<(Assembly Assembly, IReadOnlyList<MatchedMethod> Methods)> batch;
            lock (_gate)
            {
                if (_readiness != Readiness.Waiting)
                {
                    break;
                }

                if (_deferred.Count == 0)
                {
                    _readiness = Readiness.Active;
                    break;
                }

                batch = [.. _deferred];
                _deferred.Clear();
            }

            foreach (var (assembly, methods) in batch)
            {
                try
                {
                    Install(assembly, methods);
                }
                catch (Exception ex)
                {
                    _log?.Once("assembly-failed:" + assembly.FullName, Configuration.AgentLogLevel.Error, $"plugins: evaluating {assembly.GetName().Name} failed", ex);
                }
            }
        }

        _activated.Set();
    }

    /// <summary>Stops intercepting new loads; loads still waiting for <see cref="Activate"/> go on untouched.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;
        lock (_gate)
        {
            _readiness = Readiness.Off;
            _deferred.Clear();
        }

        _activated.Set();
    }

    // True when the methods may be installed now; false when they were left to Activate() or the engine is off.
    private bool WaitForActivation(Assembly assembly, IReadOnlyList<MatchedMethod> matched)
    {
        if (_readiness == Readiness.Active)
        {
            return true;
        }

        if (!AgentThreads.IsCurrent && !_activated.Wait(ActivationTimeout))
        {
            _log?.Once("activation-timeout", Configuration.AgentLogLevel.Warning,
                $"plugins: {assembly.GetName().Name} loaded while the agent was still starting and waited {ActivationTimeout.TotalSeconds:0} s for it; its interceptions come later, calls made meanwhile are not traced");
        }

        lock (_gate)
        {
            switch (_readiness)
            {
                case Readiness.Active:
                    return true;
                case Readiness.Waiting:
                    _deferred.Add((assembly, matched));
                    return false;
                default:
                    return false;
            }
        }
    }

    private int Install(Assembly assembly, IReadOnlyList<MatchedMethod> matched)
    {
        var applied = 0;
        foreach (var method in matched)
        {
            if (_installer.Install(method))
            {
                applied++;
            }
        }

        if (applied > 0)
        {
            _log?.Info($"plugins: {applied} method(s) intercepted in {assembly.GetName().Name}");
        }

        return applied;
    }

    private void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs args) => Process(args.LoadedAssembly);

    private enum Readiness
    {
        Waiting,
        Active,
        Off,
    }
}
