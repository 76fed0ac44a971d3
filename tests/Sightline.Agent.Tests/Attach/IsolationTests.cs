using Sightline.Agent.Tests.Support;
using Sightline.Scenarios.Running;

namespace Sightline.Agent.Tests.Attach;

/// <summary>
/// The agent's dependencies live in its private load context: an app that ships older versions of the same packages
/// (OpenTelemetry 1.9.0, Google.Protobuf 3.21.9, Grpc.Net.Client 2.55.0, Mono.Cecil 0.11.3, Microsoft.Extensions.Hosting
/// 8.0.0) uses them with the agent attached, and both work.
/// </summary>
public sealed class IsolationTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    [Fact]
    public async Task An_app_with_older_versions_of_the_agents_packages_keeps_them_and_is_traced()
    {
        // The traced call is the first line of Main, before the app's host is built: only the first-call start
        // guarantees it (the default start for an app with a host would let it run untraced while the agent starts).
        _sandbox.Environment["SIGHTLINE_START_MODE"] = "first-call";
        using var app = AppProcess.Start("dotnet", [AppPaths.OldPackagesApp], _sandbox.Environment);
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken) == 0, app.Output + app.Errors);

        var lines = app.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("OpenTelemetry 1.9.0 spans=1", StringComparison.Ordinal));
        Assert.Contains("Google.Protobuf 3.21.9 roundtrip=True", lines);
        Assert.Contains("Grpc.Net.Client 2.55.0 target=127.0.0.1:9", lines);
        Assert.Contains(lines, l => l.StartsWith("Mono.Cecil 0.11.3", StringComparison.Ordinal));
        Assert.Contains("Microsoft.Extensions.Hosting 8.0.0", lines);
        Assert.Contains("done", lines);

        // One Activity world: the app's own OpenTelemetry 1.9 span is a child of the agent's span around Work.Run.
        var agentSpan = Assert.Single(_sandbox.Spans(), s => s.GetProperty("name").GetString() == "Work.Run");
        var parent = lines.Single(l => l.StartsWith("OpenTelemetry", StringComparison.Ordinal)).Split("parent=")[1];
        Assert.Equal(agentSpan.GetProperty("spanId").GetString(), parent);
    }

    public void Dispose() => _sandbox.Dispose();
}
