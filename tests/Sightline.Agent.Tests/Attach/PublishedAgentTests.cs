using System.Reflection.PortableExecutable;
using Sightline.Agent.Tests.Support;
using Sightline.Scenarios.Running;

namespace Sightline.Agent.Tests.Attach;

/// <summary>
/// The agent as it is distributed: published (ReadyToRun, the patch engine and the bundled plugins included, in the
/// configuration these tests were built in) and attached to the target app with its own plugins.
/// </summary>
public sealed class PublishedAgentTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private readonly AgentSandbox _sandbox = new();

    [Fact]
    public async Task The_published_agent_is_precompiled_and_traces_the_app_with_its_bundled_plugins()
    {
        var output = Path.Combine(_sandbox.Folder, "published");
        using (var publish = AppProcess.Start("dotnet", ["publish", AgentProject(), "-c", Configuration, "-o", output, "-nologo", "-v:q"], new Dictionary<string, string?>()))
        {
            Assert.True(await publish.WaitForExitAsync(PublishTimeout, TestContext.Current.CancellationToken) == 0, "the publish failed:" + publish.Describe());
        }

        string[] precompiled = ["Sightline.Agent.dll", "Sightline.Agent.Runtime.dll", "Sightline.Core.dll", "Sightline.Patching.dll", "Sightline.Spi.dll", "plugins/Sightline.Plugins.AspNetCore.dll"];
        foreach (var file in precompiled.Concat(Directory.GetFiles(Path.Combine(output, "plugins"), "*.dll").Select(f => "plugins/" + Path.GetFileName(f))))
        {
            Assert.True(IsReadyToRun(Path.Combine(output, file)), $"{file} is not ReadyToRun");
        }

        // The published agent with the plugins it bundles (not the sandbox's test plugin).
        _sandbox.Environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(output, "Sightline.Agent.dll");
        _sandbox.Environment.Remove("SIGHTLINE_PLUGINS_DIRECTORY");
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            Assert.Equal("order 5 placed", await client.GetStringAsync("/orders/5", TestContext.Current.CancellationToken));
            var span = await _sandbox.WaitForSpanAsync("GET /orders/{id}", TimeSpan.FromSeconds(30));
            Assert.Equal("AspNetCore", span.GetProperty("attributes").GetProperty("sightline.component").GetString());
        }

        Assert.DoesNotContain("ERROR", _sandbox.LogText, StringComparison.Ordinal);
    }

    public void Dispose() => _sandbox.Dispose();

    private static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    // bin/<Configuration>/net10.0/Sightline.Agent.dll → the project folder three folders up.
    private static string AgentProject()
    {
        var project = Path.GetFullPath(Path.Combine(AppPaths.AgentHome, "..", "..", ".."));
        return File.Exists(Path.Combine(project, "Sightline.Agent.csproj"))
            ? project
            : throw new DirectoryNotFoundException("the agent's project is not where the build put its output: " + project);
    }
}
