using Microsoft.Extensions.Hosting;
using Sightline.Agent.Runtime;
using Sightline.Core.Configuration;
using Sightline.Core.Interception;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;
using Sightline.Patching;

namespace Sightline.Agent.Tests.Runtime;

/// <summary>A real generic host that begins to build waits at the gate for the agent's background start.</summary>
public sealed class HostBuildingGateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-gate-").FullName;

    [Fact]
    public async Task A_host_build_waits_until_the_engine_caught_up()
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Off, TextWriter.Null);
        using var gate = HostBuildingGate.Subscribe(TimeSpan.FromSeconds(30));
        var decisions = new DecisionLog();
        using var engine = new PluginEngine([], PluginOptions.Default, new InterceptionInstaller(PatchEngine.Shared, decisions, log), decisions, log)
        {
            InstallsInBackground = true,
        };
        gate.Attach(engine, log);

        var build = Task.Run(() => Host.CreateApplicationBuilder().Build(), TestContext.Current.CancellationToken);
        for (var waited = 0; !gate.Reached && waited < 30_000; waited += 20)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(gate.Reached);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(build.IsCompleted);

        // The agent's activation: the queue is empty, the catch-up asked for, so the build goes on.
        engine.Activate();
        using var host = await build.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_host_build_goes_on_when_the_agent_is_off_or_never_comes()
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Warning, TextWriter.Null);
        using (var off = HostBuildingGate.Subscribe(TimeSpan.FromSeconds(30)))
        {
            off.Attach(null, log);
            using var host = await Task.Run(() => Host.CreateApplicationBuilder().Build(), TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.True(off.Reached);
        }

        // Never attached (a start that hangs): the build waits out the timeout, then goes on.
        using var stuck = HostBuildingGate.Subscribe(TimeSpan.FromMilliseconds(200));
        using var late = await Task.Run(() => Host.CreateApplicationBuilder().Build(), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(stuck.Reached);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
