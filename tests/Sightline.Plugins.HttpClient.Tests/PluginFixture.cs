using System.Collections.Concurrent;
using System.Diagnostics;
using Sightline.Core.Interception;
using Sightline.Core.Plugins;
using Sightline.Core.Tracing;
using Sightline.Patching;
using Sightline.Plugins.AspNetCore;
using Sightline.Plugins.HttpClient;
using Sightline.Plugins.HttpClient.Tests;
using Sightline.Spi.Tracing;

[assembly: AssemblyFixture(typeof(PluginFixture))]

// The application-OpenTelemetry test samples every HttpClient and ASP.NET Core Activity of the process while it runs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Sightline.Plugins.HttpClient.Tests;

/// <summary>
/// One tracer and one plugin engine for the whole test assembly, started before any app: patches are process-wide
/// and permanent, so every test shares them and picks its own spans out of the sink by its server's address. The
/// ASP.NET Core plugin runs too, so the server side of each call shows whether the trace continued.
/// </summary>
public sealed class PluginFixture : IDisposable
{
    private readonly PluginEngine _engine;

    public PluginFixture()
    {
        var options = new Sightline.Core.Configuration.TracingOptions
        {
            ServiceName = "httpclient-tests",
        };
        Tracer = new ActivityTracer(options, Sink);
        Sightline.Spi.Tracing.Tracer.Install(Tracer);
        var installer = new InterceptionInstaller(PatchEngine.Shared, Decisions, log: null);
        _engine = new PluginEngine([new HttpClientPlugin(), new AspNetCorePlugin(), new KestrelErrorPlugin()], PluginOptions.Default, installer, Decisions, log: null);
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

    /// <summary>Collects every finished span of the process.</summary>
    public sealed class SpanSink : ISpanSink
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public IReadOnlyList<Activity> Spans => [.. _spans];

        public void OnSpanFinished(Activity span)
        {
            // What the buffer's consumers do before export: assertions read the spans as exporters see them.
            SegmentIds.Write(span);
            _spans.Enqueue(span);
        }

        /// <summary>Waits (up to 20 s, never asserting on time) until <paramref name="count"/> spans match, and returns them.</summary>
        public async Task<List<Activity>> WaitForAsync(Func<Activity, bool> match, int count = 1)
        {
            var token = TestContext.Current.CancellationToken;
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(token);
            patience.CancelAfter(TimeSpan.FromSeconds(20));
            while (true)
            {
                var found = Spans.Where(match).ToList();
                if (found.Count >= count || patience.IsCancellationRequested)
                {
                    return found;
                }

                await Task.Delay(5, token);
            }
        }
    }
}
