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
/// With <see cref="InstallsInBackground"/> no load ever waits: each one is only queued, and the thread running
/// <see cref="Activate"/> matches and installs the queue until <see cref="CatchUp"/>, the point from which the
/// application needs everything in place; from then on every load installs its interceptions itself.
/// </remarks>
public sealed class PluginEngine : IDisposable
{
    private readonly PluginMatcher _matcher;
    private readonly InterceptionInstaller _installer;
    private readonly AgentLog? _log;
    private readonly HashSet<Assembly> _seen = [];
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _activated = new(initialState: true);
    private readonly List<QueuedLoad> _deferred = [];
    private readonly AutoResetEvent _queued = new(initialState: false);
    private bool _started;
    private bool _catchUpRequested;
    private readonly bool _waitsForActivation;
    private readonly bool _installsInBackground;
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
    /// When set (before <see cref="Start"/>), a load never waits: until <see cref="CatchUp"/> it is queued unmatched,
    /// and <see cref="Activate"/> matches and installs the queue on its own thread. A method can run unpatched until
    /// then; <see cref="CatchUp"/> is where the application's thread waits for the queue to empty.
    /// </summary>
    public bool InstallsInBackground
    {
        get => _installsInBackground;
        init
        {
            _installsInBackground = value;
            if (value)
            {
                _readiness = Readiness.Waiting;
                _activated.Reset();
            }
        }
    }

    /// <summary>
    /// How long a load waits for <see cref="Activate"/> before it goes on; its methods are then installed by the
    /// activation, later. A safety net against a deadlock, never reached in a healthy start.
    /// </summary>
    public TimeSpan ActivationTimeout { get; set; } = DefaultActivationTimeout;

    /// <summary>The default <see cref="ActivationTimeout"/>: 10 s.</summary>
    public static TimeSpan DefaultActivationTimeout { get; } = TimeSpan.FromSeconds(10);

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

            if (_installsInBackground && _readiness == Readiness.Waiting)
            {
                // Matched on the activating thread: the loading thread goes on at once.
                _deferred.Add(new QueuedLoad(assembly, null));
                _queued.Set();
                return 0;
            }
        }

        var matched = Match(assembly);
        return matched.Count == 0 || !WaitForActivation(assembly, matched) ? 0 : TryInstall(assembly, matched);
    }

    /// <summary>
    /// The readiness point: installs what was matched meanwhile and lets the waiting loads go on; from then on every
    /// load installs its interceptions itself, as without <see cref="WaitsForActivation"/>.
    /// </summary>
    /// <remarks>
    /// With <see cref="InstallsInBackground"/> this installs what is queued so far and returns; loads go on being
    /// queued for <see cref="InstallUntilCaughtUp"/>, unless <see cref="CatchUp"/> came first.
    /// </remarks>
    public void Activate() => Drain(untilCaughtUp: false);

    /// <summary>
    /// With <see cref="InstallsInBackground"/>, after <see cref="Activate"/>: keeps the calling thread, installing what
    /// is queued as it comes, until <see cref="CatchUp"/> (or <see cref="Dispose"/>). Returns at once otherwise.
    /// </summary>
    public void InstallUntilCaughtUp() => Drain(untilCaughtUp: true);

    private void Drain(bool untilCaughtUp)
    {
        while (true)
        {
            List<QueuedLoad> batch;
            lock (_gate)
            {
                if (_readiness != Readiness.Waiting)
                {
                    break;
                }

                if (_deferred.Count == 0)
                {
                    if (!_installsInBackground || _catchUpRequested)
                    {
                        _readiness = Readiness.Active;
                        break;
                    }

                    if (!untilCaughtUp)
                    {
                        return;
                    }

                    batch = [];
                }
                else
                {
                    batch = [.. _deferred];
                    _deferred.Clear();
                }
            }

            if (batch.Count == 0)
            {
                // Set by every queued load, by CatchUp and by Dispose; a set between the check and here is kept.
                _queued.WaitOne();
                continue;
            }

            foreach (var load in batch)
            {
                TryInstall(load.Assembly, load.Methods ?? Match(load.Assembly));
            }
        }

        _activated.Set();
    }

    /// <summary>
    /// With <see cref="InstallsInBackground"/>, before <see cref="Activate"/>: matches what is queued so far, so the
    /// activation only installs (the agent calls it while the patch engine is still starting on another thread).
    /// Call it from the thread that calls <see cref="Activate"/>.
    /// </summary>
    public void MatchQueued()
    {
        QueuedLoad[] queued;
        lock (_gate)
        {
            queued = [.. _deferred];
        }

        foreach (var load in queued)
        {
            load.Methods ??= Match(load.Assembly);
        }
    }

    /// <summary>
    /// With <see cref="InstallsInBackground"/>: waits until everything loaded so far is installed (at most
    /// <see cref="ActivationTimeout"/>), and from then on every load installs its interceptions itself. Returns
    /// false when it gave up waiting. Without it, or once caught up, returns true at once.
    /// </summary>
    public bool CatchUp()
    {
        lock (_gate)
        {
            _catchUpRequested = true;
        }

        _queued.Set();
        return _activated.Wait(ActivationTimeout);
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

        _queued.Set();
        _activated.Set();
    }

    // The matched methods, none when the assembly is skipped or cannot be evaluated (the application's load goes on).
    private IReadOnlyList<MatchedMethod> Match(Assembly assembly)
    {
        if (Skip?.Invoke(assembly) == true)
        {
            return [];
        }

        try
        {
            return _matcher.Match(assembly);
        }
        catch (Exception ex)
        {
            Failed(assembly, ex);
            return [];
        }
    }

    private int TryInstall(Assembly assembly, IReadOnlyList<MatchedMethod> matched)
    {
        try
        {
            return matched.Count == 0 ? 0 : Install(assembly, matched);
        }
        catch (Exception ex)
        {
            Failed(assembly, ex);
            return 0;
        }
    }

    private void Failed(Assembly assembly, Exception ex) =>
        _log?.Once("assembly-failed:" + assembly.FullName, Configuration.AgentLogLevel.Error, $"plugins: evaluating {assembly.GetName().Name} failed", ex);

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
                    _deferred.Add(new QueuedLoad(assembly, matched));
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

    // A class, not a tuple: a list of value tuples would be JIT-compiled at start-up (ReadyToRun cannot hold it).
    private sealed class QueuedLoad(Assembly assembly, IReadOnlyList<MatchedMethod>? methods)
    {
        public Assembly Assembly { get; } = assembly;

        // Matched by the loading thread, by MatchQueued() or by the activation, whichever comes first.
        public IReadOnlyList<MatchedMethod>? Methods { get; set; } = methods;
    }
}
