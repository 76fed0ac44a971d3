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
