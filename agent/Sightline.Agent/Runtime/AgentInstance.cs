using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Sightline.Core.Buffering;
using Sightline.Core.Configuration;
using Sightline.Core.Diagnostics;
using Sightline.Core.Interception;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;
using Sightline.Core.Tracing;
using Sightline.Patching;
using Sightline.Spi.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Agent.Runtime;

/// <summary>
/// One running agent: tracer → partitioned buffer → exporters, the plugin engine patching the application, the
/// pipeline's status line in the agent log. Built in that order so that no span is created before it has somewhere
/// to go; taken down in reverse.
/// </summary>
public sealed class AgentInstance : IDisposable
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMinutes(1);

    private readonly List<IDisposable> _started = [];
    private readonly PartitionedSpanBuffer _buffer;
    private readonly ActivityTracer _tracer;
    private PluginEngine? _engine;

    private AgentInstance(AgentOptions options, AgentLog log, PartitionedSpanBuffer buffer, ActivityTracer tracer, SpanPipelineMetrics metrics)
    {
        Options = options;
        Log = log;
        Metrics = metrics;
        _buffer = buffer;
        _tracer = tracer;
    }

    /// <summary>The configuration the agent runs with.</summary>
    public AgentOptions Options { get; }

    /// <summary>The agent log.</summary>
    public AgentLog Log { get; }

    /// <summary>The span pipeline's counters.</summary>
    public SpanPipelineMetrics Metrics { get; }

    /// <summary>Every plugin decision so far.</summary>
    public DecisionLog Decisions { get; } = new();

    /// <summary>Starts the agent; on any failure what was started is taken down again and the exception thrown.</summary>
    public static AgentInstance Start(AgentOptions options, AgentLog log)
    {
        var clock = Stopwatch.StartNew();

        // The patch engine's start (its JIT hook) and first use compile or bind a lot of its own code; done on
        // another core while this thread builds the pipeline and loads the plugins, the first patches find it ready.
        new Thread(PatchEngine.WarmUp) { IsBackground = true, Name = "Sightline.WarmUp" }.Start();
        if (!Directory.Exists(options.PluginsDirectory))
        {
            throw new DirectoryNotFoundException($"the plugins folder {options.PluginsDirectory} does not exist (set SIGHTLINE_PLUGINS_DIRECTORY or restore the agent folder)");
        }

        var metrics = new SpanPipelineMetrics();
        var exporters = ExporterFactory.Create(options, log);
        if (exporters.Count == 0)
        {
            metrics.Dispose();
            throw new InvalidOperationException("no exporter could be created, so spans would have nowhere to go");
        }

        var exportersReady = clock.ElapsedMilliseconds;
        var buffer = PartitionedSpanBuffer.ForExporters(options.Buffer, options.ExportRetry, metrics, exporters);
        var tracer = new ActivityTracer(options.Tracing, buffer);
        metrics.CountSpansOf(tracer.Counters);
        var agent = new AgentInstance(options, log, buffer, tracer, metrics);
        long pluginsLoaded, engineReady, pipelineReady;
        try
        {
            // Loading the plugins patches nothing yet: done while the warm-up thread may still install the engine.
            var plugins = agent.LoadPlugins();
            pluginsLoaded = clock.ElapsedMilliseconds;

            // Waits for the warm-up thread's install when it is still running; nothing is traced before this.
            if (PatchEngine.Shared.UnsupportedReason is { } unsupported)
            {
                throw new PlatformNotSupportedException("the patch engine cannot run here: " + unsupported);
            }

            engineReady = clock.ElapsedMilliseconds;
            agent.StartPipeline();
            pipelineReady = clock.ElapsedMilliseconds;
            agent.StartPlugins(plugins);
        }
        catch
        {
            agent.Dispose();
            throw;
        }

        if (log.IsEnabled(AgentLogLevel.Debug))
        {
            log.Debug($"start-up: exporters {exportersReady} ms, plugins loaded {pluginsLoaded - exportersReady} ms, patch engine ready {engineReady - pluginsLoaded} ms later, " +
                $"pipeline {pipelineReady - engineReady} ms, plugins applied {clock.ElapsedMilliseconds - pipelineReady} ms");
        }

        log.Info($"Sightline {Version} started for service '{options.Tracing.ServiceName}' in {clock.ElapsedMilliseconds} ms: " +
            $"{agent._engine!.Plugins.Count} plugin(s) on, exporting to {string.Join(", ", exporters.Select(e => e.Name))}");
        return agent;
    }

    /// <summary>Stops intercepting, uninstalls the tracer and flushes what is queued.</summary>
    public void Dispose()
    {
        if (_engine is { } engine)
        {
            engine.Dispose();
            foreach (var plugin in engine.Plugins)
            {
                PatchEngine.Shared.RemoveAll(plugin.Id);
            }
        }

        Tracer.Uninstall(_tracer);
        _tracer.Dispose();
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            _started[i].Dispose();
        }

        _buffer.Shutdown();
        Metrics.Dispose();
    }

    private static AssemblyLoadContext AgentContext =>
        AssemblyLoadContext.GetLoadContext(typeof(AgentInstance).Assembly) ?? AssemblyLoadContext.Default;

    private static string Version =>
        typeof(AgentInstance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    private void StartPipeline()
    {
        _started.Add(new EventSourceLogBridge(Log));
        _started.Add(new PipelineStatusLog(Metrics, Log.Info, StatusInterval));
        Tracer.Install(_tracer);
    }

    private IReadOnlyList<SightlinePlugin> LoadPlugins()
    {
        Decisions.Recorded += LogDecision;
        return PluginLoader.LoadFolder(Options.PluginsDirectory, AgentContext, Decisions);
    }

    private void StartPlugins(IReadOnlyList<SightlinePlugin> plugins)
    {
        var context = AgentContext;
        var installer = new InterceptionInstaller(PatchEngine.Shared, Decisions, Log);
        _engine = new PluginEngine(plugins, Options.Plugins, installer, Decisions, Log)
        {
            // The agent's own copies of instrumented libraries (its gRPC client, say) are not the application's.
            Skip = assembly => context != AssemblyLoadContext.Default && AssemblyLoadContext.GetLoadContext(assembly) == context,
        };
        _engine.Start();
    }

    private void LogDecision(PluginDecision decision)
    {
        switch (decision.Outcome)
        {
            case PluginOutcome.LoadFailed or PluginOutcome.MatchFailed or PluginOutcome.BindingFailed
                or PluginOutcome.RefusedByPatchEngine or PluginOutcome.SwitchedOff:
                Log.Warn("plugins: " + decision);
                break;
            default:
                // Hundreds of these at start-up: the line is only formatted when it is written.
                if (Log.IsEnabled(AgentLogLevel.Debug))
                {
                    Log.Debug("plugins: " + decision);
                }

                break;
        }
    }
}
