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
/// <remarks>
/// Three starts (<see cref="AgentStartMode"/>). <see cref="AgentStartMode.Host"/>: all of it on the 'Sightline.Start'
/// thread, loads are only queued (<see cref="PluginEngine.InstallsInBackground"/>) and a host that begins to build
/// waits for the queue (<see cref="HostBuildingGate"/>). <see cref="AgentStartMode.FirstCall"/>: the plugins load on
/// the application's thread, the pipeline on 'Sightline.Start', and a thread that loads an assembly with methods to
/// intercept waits there for it (<see cref="PluginEngine.WaitsForActivation"/>), so nothing matched runs untraced.
/// <see cref="AgentStartMode.Synchronous"/>: everything before the application's <c>Main</c>.
/// </remarks>
public sealed class AgentInstance : IDisposable
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMinutes(1);

    // Exporters are created at the first batch (after the application has started, not beside it); without traffic, a
    // broken one is still reported this soon.
    private static readonly TimeSpan ExporterCreatedAtLatest = TimeSpan.FromSeconds(3);

    private readonly List<IDisposable> _started = [];
    private readonly ManualResetEventSlim _engineCreated = new();
    private readonly ManualResetEventSlim _activatedOrDisposed = new();
    private readonly TaskCompletionSource _disposing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _handoff = new();
    private PartitionedSpanBuffer? _buffer;
    private ActivityTracer? _tracer;
    private SpanPipelineMetrics? _metrics;
    private IReadOnlyList<DeferredExporter> _exporters = [];
    private PluginEngine? _engine;
    private HostBuildingGate? _gate;
    private EventSourceLogBridge? _bridge;
    private bool _disposed;

    private AgentInstance(AgentOptions options, AgentLog log)
    {
        Options = options;
        Log = log;
    }

    /// <summary>The configuration the agent runs with.</summary>
    public AgentOptions Options { get; }

    /// <summary>The agent log.</summary>
    public AgentLog Log { get; }

    /// <summary>The span pipeline's counters, once the pipeline is built.</summary>
    public SpanPipelineMetrics? Metrics => Volatile.Read(ref _metrics);

    /// <summary>Every plugin decision so far.</summary>
    public DecisionLog Decisions { get; } = new();

    /// <summary>
    /// Starts the agent as <paramref name="mode"/> says (<see cref="AgentStartMode.Host"/> on the thread meant for it,
    /// with the gate subscribed before <c>Main</c>; the caller then runs <see cref="InstallUntilCaughtUp"/> there). A
    /// failure on a background thread is logged and takes the agent down; on a failure here what was started is taken
    /// down again and the exception thrown.
    /// </summary>
    internal static AgentInstance Start(AgentOptions options, AgentLog log, AgentStartMode mode, HostBuildingGate? gate = null)
    {
        var clock = Stopwatch.StartNew();
        if (!Directory.Exists(options.PluginsDirectory))
        {
            throw new DirectoryNotFoundException($"the plugins folder {options.PluginsDirectory} does not exist (set SIGHTLINE_PLUGINS_DIRECTORY or restore the agent folder)");
        }

        // The patch engine's start (its JIT hook) and first use compile or bind a lot of its own code; done on
        // another core while this thread loads the plugins, the first patches find it ready.
        var agent = new AgentInstance(options, log) { _gate = gate };
        var warmUpGlue = mode != AgentStartMode.Synchronous;
        AgentThreads.Start("Sightline.WarmUp", () => agent.WarmUp(warmUpGlue, firstWrite: mode != AgentStartMode.Host));
        try
        {
            if (mode == AgentStartMode.Host)
            {
                // Already on 'Sightline.Start'. The loads so far are queued by Start(), matched and installed by
                // Activate() once the pipeline is built; a host building meanwhile waits for them.
                var engine = agent.CreateEngine(agent.LoadPlugins(), EngineStart.InBackground)!;
                agent._engineCreated.Set();
                gate?.Attach(engine, log);
                engine.Start();
                agent.BuildPipeline(clock, beforeEngineWait: engine.MatchQueued);
                engine.Activate();
                agent.Activated(engine, clock);
            }
            else if (mode == AgentStartMode.Synchronous)
            {
                agent.BuildPipeline(clock);
                var engine = agent.CreateEngine(agent.LoadPlugins(), EngineStart.Immediate)!;
                engine.Start();
                agent.Activated(engine, clock);
            }
            else
            {
                // The pipeline is built meanwhile. The engine matches the assemblies loaded so far at once, here; a
                // load with methods to intercept (here or later, on any application thread) waits for Activate().
                AgentThreads.Start("Sightline.Start", () => agent.ActivateInBackground(clock));
                var plugins = agent.LoadPlugins();
                var pluginsLoaded = clock.ElapsedMilliseconds;
                var engine = agent.CreateEngine(plugins, EngineStart.WaitingLoads);
                agent._engineCreated.Set();
                engine?.Start();
                if (log.IsEnabled(AgentLogLevel.Debug))
                {
                    log.Debug($"start-up: the application goes on after {clock.ElapsedMilliseconds} ms (plugins loaded at {pluginsLoaded} ms, then the loaded assemblies matched); the pipeline follows on Sightline.Start");
                }
            }
        }
        catch
        {
            agent._engineCreated.Set();
            agent.Dispose();
            throw;
        }

        return agent;
    }

    /// <summary>
    /// In the <see cref="AgentStartMode.Host"/> start, after <see cref="Start"/>: installs what later loads queue,
    /// on the calling thread, until a host begins to build (or the agent is taken down).
    /// </summary>
    internal void InstallUntilCaughtUp()
    {
        PluginEngine? engine;
        lock (_handoff)
        {
            engine = _disposed ? null : _engine;
        }

        engine?.InstallUntilCaughtUp();
    }

    /// <summary>Stops intercepting, uninstalls the tracer and flushes what is queued.</summary>
    public void Dispose()
    {
        PluginEngine? engine;
        lock (_handoff)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            engine = _engine;
        }

        _activatedOrDisposed.Set();
        _disposing.TrySetResult();

        if (engine is not null)
        {
            engine.Dispose();
            foreach (var plugin in engine.Plugins)
            {
                PatchEngine.Shared.RemoveAll(plugin.Id);
            }
        }

        _gate?.Dispose();

        // An application that ends before the bridge was due: what the patch engine kept still reaches the log.
        if (PatchEngine.HasUnheardWarnings)
        {
            StartEventSourceBridge(disposing: true);
        }

        DisposePipeline();
    }

    private static AssemblyLoadContext AgentContext =>
        AssemblyLoadContext.GetLoadContext(typeof(AgentInstance).Assembly) ?? AssemblyLoadContext.Default;

    private static string Version =>
        typeof(AgentInstance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    // On 'Sightline.WarmUp': the patch engine's start and warm-up, and the glue builder's (here, not on
    // 'Sightline.Start', which has the configuration, the plugins, the pipeline and the matching to do meanwhile). In
    // the host start that thread writes the first patches next, so the glue warm-up leaves the first write to it.
    // Then, once the application has started (its first batch made an exporter, or the exporters' deadline passed),
    // the log's EventSource bridge and the pipeline's meter: enabling the agent's EventSources builds their events'
    // metadata by reflection (~5 ms of CPU), the meter its instruments; done right after the plugins were applied,
    // they competed with the application's own start for the cores (~5 ms later first answer, 2026-11-25).
    // The plugin engine logs its own decisions, and the patch engine keeps the warnings nobody heard until then.
    private void WarmUp(bool glue, bool firstWrite)
    {
        PatchEngine.WarmUp();
        if (glue)
        {
            InterceptionWarmUp.Run(firstWrite);
        }

        _activatedOrDisposed.Wait();
        var exporters = _exporters;
        var first = Task.WaitAny([.. exporters.Select(e => e.Created), _disposing.Task], ExporterCreatedAtLatest);
        if (first < 0)
        {
            // No batch by the deadline: the exporters are created here now, so that a broken one is reported soon.
            foreach (var exporter in exporters)
            {
                exporter.CreateAtDeadline();
            }
        }

        StartEventSourceBridge();

        // The pipeline's meter likewise: its counters count from the start, its instruments only read them.
        Volatile.Read(ref _metrics)?.Publish();
        if (first != exporters.Count && Log.IsEnabled(AgentLogLevel.Debug))
        {
            var why = first < 0 || exporters[first].CreatedAtDeadline
                ? $"{ExporterCreatedAtLatest.TotalSeconds:0} s after the first patches, with no span yet"
                : "once the first spans made the exporters";
            Log.Debug($"start-up: the patch engine's events reach this log and the '{SpanPipelineMetrics.MeterName}' meter is published, {why}");
        }
    }

    // Once. Dispose calls it before it takes the pipeline down; the warm-up thread never once the agent is disposed.
    private void StartEventSourceBridge(bool disposing = false)
    {
        try
        {
            lock (_started)
            {
                if (_bridge is null && (disposing || !Volatile.Read(ref _disposed)))
                {
                    _bridge = new EventSourceLogBridge(Log);
                    _started.Add(_bridge);
                }
            }
        }
        catch (Exception ex)
        {
            Log.Error("the patch engine's own events will not reach this log; tracing goes on", ex);
        }
    }

    private void ActivateInBackground(Stopwatch clock)
    {
        try
        {
            BuildPipeline(clock);
            _engineCreated.Wait();
            PluginEngine? engine;
            lock (_handoff)
            {
                engine = _disposed ? null : _engine;
            }

            if (engine is not null)
            {
                engine.Activate();
                Activated(engine, clock);
            }
            else
            {
                // Taken down while the pipeline was being built: what was built since goes too.
                DisposePipeline();
            }
        }
        catch (Exception ex)
        {
            // The waiting loads go on untraced (Dispose releases them), the application never notices.
            Log.Error("the agent could not start and is off; the application runs untraced", ex);
            Dispose();
        }
    }

    // Safe to call again, and while the pipeline is still being built on the other thread.
    private void DisposePipeline()
    {
        if (Interlocked.Exchange(ref _tracer, null) is { } tracer)
        {
            Tracer.Uninstall(tracer);
            tracer.Dispose();
        }

        IDisposable[] started;
        lock (_started)
        {
            started = [.. _started];
            _started.Clear();
        }

        for (var i = started.Length - 1; i >= 0; i--)
        {
            started[i].Dispose();
        }

        foreach (var exporter in _exporters)
        {
            exporter.Abandon();
        }

        Interlocked.Exchange(ref _buffer, null)?.Shutdown();
        Interlocked.Exchange(ref _metrics, null)?.Dispose();
    }

    // Exporters, buffer, tracer; then waits for the patch engine's JIT hook, since nothing can be patched before it.
    private void BuildPipeline(Stopwatch clock, Action? beforeEngineWait = null)
    {
        var metrics = new SpanPipelineMetrics();
        _metrics = metrics;
        var exporters = ExporterFactory.Create(Options, Log);
        _exporters = exporters;
        if (exporters.Count == 0)
        {
            throw new InvalidOperationException("no exporter could be created, so spans would have nowhere to go");
        }

        var exportersReady = clock.ElapsedMilliseconds;
        var buffer = PartitionedSpanBuffer.ForExporters(Options.Buffer, Options.ExportRetry, metrics, exporters);
        _buffer = buffer;
        var tracer = new ActivityTracer(Options.Tracing, buffer);
        _tracer = tracer;
        metrics.CountSpansOf(tracer.Counters);

        // Work that needs no patch engine, done while it starts on 'Sightline.WarmUp'.
        beforeEngineWait?.Invoke();

        // Waits for the patch engine's JIT hook only, not for the rest of its warm-up and the glue's: the first patches
        // then run beside them, on the core a building host leaves idle while it waits for those patches (its wait
        // 11.5-12 -> 6-9 ms, the first answer 3-5 ms sooner, in 20 alternated starts, 2026-11-25). Whatever the
        // first patches need before the warm-up compiled it, they compile themselves.
        if (PatchEngine.Shared.UnsupportedReason is { } unsupported)
        {
            throw new PlatformNotSupportedException("the patch engine cannot run here: " + unsupported);
        }

        var engineReady = clock.ElapsedMilliseconds;
        lock (_started)
        {
            _started.Add(new PipelineStatusLog(metrics, Log.Info, StatusInterval));
        }

        Tracer.Install(tracer);
        if (Log.IsEnabled(AgentLogLevel.Debug))
        {
            Log.Debug($"start-up: exporters at {exportersReady} ms, patch engine ready at {engineReady} ms, pipeline at {clock.ElapsedMilliseconds} ms");
        }
    }

    private IReadOnlyList<SightlinePlugin> LoadPlugins()
    {
        Decisions.Recorded += LogDecision;
        return PluginLoader.LoadFolder(Options.PluginsDirectory, AgentContext, Decisions);
    }

    // Null when the agent was taken down meanwhile (the background start failed).
    private PluginEngine? CreateEngine(IReadOnlyList<SightlinePlugin> plugins, EngineStart start)
    {
        var context = AgentContext;
        var installer = new InterceptionInstaller(PatchEngine.Shared, Decisions, Log);
        var engine = new PluginEngine(plugins, Options.Plugins, installer, Decisions, Log)
        {
            // The agent's own copies of instrumented libraries (its gRPC client, say) are not the application's.
            Skip = assembly => context != AssemblyLoadContext.Default && AssemblyLoadContext.GetLoadContext(assembly) == context,
            WaitsForActivation = start == EngineStart.WaitingLoads,
            InstallsInBackground = start == EngineStart.InBackground,
        };
        lock (_handoff)
        {
            if (_disposed)
            {
                return null;
            }

            _engine = engine;
        }

        return engine;
    }

    // The readiness point passed: from here on everything matched is intercepted.
    private void Activated(PluginEngine engine, Stopwatch clock)
    {
        _activatedOrDisposed.Set();
        var stops = PatchEngine.ThreadStops;
        if (Log.IsEnabled(AgentLogLevel.Debug))
        {
            Log.Debug($"start-up: plugins applied at {clock.ElapsedMilliseconds} ms; the patch engine stopped the threads {stops.Rounds} time(s) so far ({stops.LateRounds} retried late, {stops.Stranded} stranded)");
        }

        // Each held the whole application still for the stopped threads' timeout: a start-up that is sometimes slow.
        if (stops.Stranded > 0)
        {
            Log.Warn($"start-up: {stops.Stranded} stop(s) of the application's threads by the patch engine ended only when the stopped threads gave up waiting (250 ms each); the start was that much slower");
        }

        foreach (var exporter in _exporters)
        {
            exporter.Start();
        }

        Log.Info($"Sightline {Version} started for service '{Options.Tracing.ServiceName}' in {clock.ElapsedMilliseconds} ms: " +
            $"{engine.Plugins.Count} plugin(s) on, exporting to {string.Join(", ", Options.Exporters)}");
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

    private enum EngineStart
    {
        Immediate,
        WaitingLoads,
        InBackground,
    }
}
