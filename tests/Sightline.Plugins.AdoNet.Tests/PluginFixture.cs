using System.Collections.Concurrent;
using System.Diagnostics;
using Sightline.Core.Interception;
using Sightline.Core.Plugins;
using Sightline.Core.Tracing;
using Sightline.Patching;
using Sightline.Plugins.AdoNet.Npgsql;
using Sightline.Plugins.AdoNet.SqlClient;
using Sightline.Plugins.AdoNet.Sqlite;
using Sightline.Plugins.AdoNet.Tests;
using Sightline.Spi.Tracing;

[assembly: AssemblyFixture(typeof(PluginFixture))]

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>
/// One tracer and one plugin engine for the whole test assembly, started before any provider code runs: patches are
/// process-wide and permanent, so every test shares them and picks its own spans by their parent (<see cref="Traced"/>).
/// </summary>
public sealed class PluginFixture : IDisposable
{
    private readonly PluginEngine _engine;

    public PluginFixture()
    {
        Tracer = new ActivityTracer(new Sightline.Core.Configuration.TracingOptions { ServiceName = "adonet-tests" }, Sink);
        Sightline.Spi.Tracing.Tracer.Install(Tracer);
        var installer = new InterceptionInstaller(PatchEngine.Shared, Decisions, log: null);
        _engine = new PluginEngine([new SqlitePlugin(), new NpgsqlPlugin(), new SqlClientPlugin()], PluginOptions.Default, installer, Decisions, log: null);
        _engine.Start();
    }

    public ActivityTracer Tracer { get; }

    public SpanSink Sink { get; } = new();

    public DecisionLog Decisions { get; } = new();

    public void Dispose()
    {
        _engine.Dispose();
        Sightline.Spi.Tracing.Tracer.Uninstall(Tracer);
        Tracer.Dispose();
    }

    /// <summary>Runs <paramref name="work"/> under a fresh Local span and returns the spans finished under it, oldest first.</summary>
    public async Task<List<Activity>> Traced(Func<Task> work)
    {
        var root = Sightline.Spi.Tracing.Tracer.CreateLocalSpan("test");
        var rootId = root.Activity!.SpanId;
        try
        {
            await work();
        }
        finally
        {
            root.Stop();
        }

        return [.. Sink.Spans.Where(s => s.ParentSpanId == rootId)];
    }

    /// <summary>Collects every finished span of the process.</summary>
    public sealed class SpanSink : ISpanSink
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public IReadOnlyList<Activity> Spans => [.. _spans];

        public void OnSpanFinished(Activity span) => _spans.Enqueue(span);
    }
}
