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
public sealed class PluginEngine : IDisposable
{
    private readonly PluginMatcher _matcher;
    private readonly InterceptionInstaller _installer;
    private readonly AgentLog? _log;
    private readonly HashSet<Assembly> _seen = [];
    private readonly Lock _gate = new();
    private bool _started;

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
    public Func<Assembly, bool>? Skip { get; set; }

    /// <summary>Subscribes to assembly loads, then evaluates the assemblies already loaded.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
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
            var applied = 0;
            foreach (var matched in _matcher.Match(assembly))
            {
                if (_installer.Install(matched))
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
        catch (Exception ex)
        {
            // An assembly that cannot be evaluated is left alone; the application's load goes on.
            _log?.Once("assembly-failed:" + assembly.FullName, Configuration.AgentLogLevel.Error, $"plugins: evaluating {assembly.GetName().Name} failed", ex);
            return 0;
        }
    }

    /// <inheritdoc />
    public void Dispose() => AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;

    private void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs args) => Process(args.LoadedAssembly);
}
