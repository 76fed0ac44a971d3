using Sightline.Launcher.Tests.Support;

namespace Sightline.Launcher.Tests.Packaging;

/// <summary>
/// The slow one (tens of seconds): packs the launcher as a .NET tool from the repository, installs it from that local
/// folder alone (no registry), and runs the installed command with the agent the package carries.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Packed_tool_installs_from_a_local_folder_and_attaches_its_shipped_agent()
    {
        using var temp = new TempFolder();
        var feed = Path.Combine(temp.Path, "feed");
        var tools = Path.Combine(temp.Path, "tools");

        // The launcher is already built (the tests reference it): pack what was built, as CI would after its build.
        await Dotnet(temp.Path, "pack", AppPaths.LauncherProject, "--no-build", "-c", AppPaths.Configuration, "-o", feed, "-p:Version=0.1.0");
        Assert.Single(Directory.GetFiles(feed, "Sightline.Launcher.0.1.0.nupkg"));

        // Only the local folder as a source: the install must not need the registry.
        var config = Path.Combine(temp.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
            </configuration>
            """);
        await Dotnet(temp.Path, "tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", feed, "Sightline.Launcher");

        var spans = Path.Combine(temp.Path, "spans.jsonl");
        var environment = new Dictionary<string, string?>
        {
            ["SIGHTLINE_PLUGINS_DIRECTORY"] = temp.PluginsFolder(AppPaths.TestPlugin),
            ["SIGHTLINE_EXPORTERS"] = "jsonl",
            ["SIGHTLINE_JSONL_PATH"] = spans,
            ["SIGHTLINE_LOG_DIRECTORY"] = Path.Combine(temp.Path, "logs"),
            ["SIGHTLINE_BATCH_DELAY_MS"] = "50",
        };
        using var launcher = SightlineCommand.Start(["run", "--", "dotnet", AppPaths.TargetApp, "--urls", "http://127.0.0.1:0"], environment, Path.Combine(tools, "sightline"));
        var line = await launcher.WaitForLineAsync("listening on ", SightlineCommand.Timeout);
        using var client = new HttpClient { BaseAddress = new Uri(line["listening on ".Length..].Trim()) };
        await client.GetStringAsync("/orders/3", TestContext.Current.CancellationToken);

        await SpanFile.WaitForSpanAsync(spans, "Orders.Place", TimeSpan.FromSeconds(30));
        Assert.Equal(0, await launcher.StopAsync(SightlineCommand.Timeout));
    }

    private static async Task Dotnet(string workingDirectory, params string[] arguments)
    {
        using var child = ChildProcess.Start("dotnet", arguments, new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, workingDirectory);
        var code = await child.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"dotnet {string.Join(' ', arguments)} failed ({code}):\n{child.Output}\n{child.Errors}");
    }
}
