using Microsoft.Extensions.Logging;
using Sightline.Core.Interception;
using Sightline.Core.Plugins;
using Sightline.Core.Tracing;
using Sightline.Patching;
using Sightline.Plugins.Logging.Tests;

[assembly: AssemblyFixture(typeof(PluginFixture))]

namespace Sightline.Plugins.Logging.Tests;

/// <summary>One tracer and one plugin engine for the test assembly, started before any logging code runs.</summary>
public sealed class PluginFixture : IDisposable
{
    private readonly PluginEngine _engine;

    public PluginFixture()
    {
        Tracer = new ActivityTracer(new Sightline.Core.Configuration.TracingOptions { ServiceName = "logging-tests" });
        Sightline.Spi.Tracing.Tracer.Install(Tracer);
        var installer = new InterceptionInstaller(PatchEngine.Shared, Decisions, log: null);
        _engine = new PluginEngine([new LogCorrelationPlugin()], PluginOptions.Default, installer, Decisions, log: null);
        _engine.Start();

        // The plugin's target is evaluated here, not by whichever test happens to load Microsoft.Extensions.Logging
        // first: a test that only reads the decisions would otherwise find none when it runs first.
        _engine.Process(typeof(LoggerFactory).Assembly);
    }

    public ActivityTracer Tracer { get; }

    public DecisionLog Decisions { get; } = new();

    public void Dispose()
    {
        _engine.Dispose();
        Sightline.Spi.Tracing.Tracer.Uninstall(Tracer);
        Tracer.Dispose();
    }
}
