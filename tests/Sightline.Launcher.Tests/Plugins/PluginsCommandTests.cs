using System.Text.Json;
using Sightline.Launcher.Tests.Support;

namespace Sightline.Launcher.Tests.Plugins;

/// <summary><c>sightline plugins</c> run as users run it, over the built target app (read with Mono.Cecil, never started).</summary>
public sealed class PluginsCommandTests
{
    [Fact]
    public async Task Plugins_with_an_app_says_which_plugin_activates_where_and_why_the_others_do_not()
    {
        using var temp = new TempFolder();
        var environment = new Dictionary<string, string?>
        {
            ["SIGHTLINE_PLUGINS_DIRECTORY"] = temp.PluginsFolder(AppPaths.TestPlugin, AppPaths.LauncherTestPlugins),
        };

        var (code, output, errors) = await SightlineCommand.RunAsync(["plugins", "--app", AppPaths.TargetAppFolder], environment);

        Assert.True(code == 0, $"exit code {code}; stderr: {errors}");
        var sections = Sections(output);
        Assert.Contains("app:       would activate on AgentTargetApp 1.0.0.0: 1 method in 1 type (Sightline.Tests.AgentTargetApp.Orders)", sections["agent-test"], StringComparison.Ordinal);
        Assert.Contains("intercepts WorkInstrumentation: Sightline.Tests.AgentTargetApp.Orders.Place(System.Int32)", sections["agent-test"], StringComparison.Ordinal);
        Assert.Contains("would not activate: its target assembly No.Such.Library is not among the app's assemblies", sections["absent-target"], StringComparison.Ordinal);
        Assert.Contains("would not activate: AgentTargetApp version 1.0.0.0 is outside the supported range [2.0, 3.0)", sections["newer-version"], StringComparison.Ordinal);
        Assert.Contains("would not activate: witness type Sightline.Tests.AgentTargetApp.Refunds does not exist", sections["missing-witness"], StringComparison.Ordinal);
        Assert.Contains("would not activate: no type or method in AgentTargetApp matched its rules", sections["no-method"], StringComparison.Ordinal);
        Assert.Contains("note: Rule: types matched (Sightline.Tests.AgentTargetApp.Orders) but no method matched StaticMethod named(Cancel)", sections["no-method"], StringComparison.Ordinal);
        Assert.Contains("[opt-in; not included]", sections["opt-in-orders"], StringComparison.Ordinal);
        Assert.Contains("would not activate: opt-in plugin not switched on", sections["opt-in-orders"], StringComparison.Ordinal);

        // The shared frameworks named by the app's runtimeconfig.json are read, base types resolved across their assemblies.
        Assert.Contains("Microsoft.AspNetCore.App 10.", output, StringComparison.Ordinal);
        Assert.Contains("would activate on Microsoft.AspNetCore.Http 10.0.0.0: 1 method in 1 type (Microsoft.AspNetCore.Http.DefaultHttpContext)", sections["framework-hierarchy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_follows_the_agent_folder_configuration_file_and_the_environment_and_writes_json()
    {
        using var temp = new TempFolder();

        // An agent folder of its own: the hook assembly, a sightline.json excluding agent-test, the test plugins.
        var agent = Directory.CreateDirectory(Path.Combine(temp.Path, "agent")).FullName;
        File.Copy(Path.Combine(AppPaths.LauncherAgentHome, "Sightline.Agent.dll"), Path.Combine(agent, "Sightline.Agent.dll"));
        File.WriteAllText(Path.Combine(agent, "sightline.json"), """{ "plugins": { "exclude": ["agent-test"] } }""");
        var plugins = Directory.CreateDirectory(Path.Combine(agent, "plugins")).FullName;
        File.Copy(AppPaths.TestPlugin, Path.Combine(plugins, Path.GetFileName(AppPaths.TestPlugin)));
        File.Copy(AppPaths.LauncherTestPlugins, Path.Combine(plugins, Path.GetFileName(AppPaths.LauncherTestPlugins)));

        var (code, output, errors) = await SightlineCommand.RunAsync(
            ["plugins", "--agent", agent, "--app", AppPaths.TargetApp, "--json"],
            new Dictionary<string, string?> { ["SIGHTLINE_PLUGINS_INCLUDE"] = "opt-in-orders" });

        Assert.True(code == 0, $"exit code {code}; stderr: {errors}");
        using var json = JsonDocument.Parse(output);
        var entries = json.RootElement.GetProperty("plugins").EnumerateArray()
            .ToDictionary(e => e.GetProperty("plugin").GetProperty("id").GetString()!, e => e.GetProperty("activation"));
        Assert.Equal(plugins, json.RootElement.GetProperty("pluginsDirectory").GetString());
        Assert.False(entries["agent-test"].GetProperty("activates").GetBoolean());
        Assert.Contains("disabled by configuration", entries["agent-test"].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(entries["opt-in-orders"].GetProperty("activates").GetBoolean());
        Assert.Equal(["Rule: Sightline.Tests.AgentTargetApp.Orders.Place(System.Int32)"], entries["opt-in-orders"].GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task Plugins_without_an_app_lists_the_rules_names_a_plugin_file_that_does_not_load_and_reports_a_missing_app_folder()
    {
        using var temp = new TempFolder();
        var plugins = temp.PluginsFolder(AppPaths.TestPlugin);
        File.WriteAllText(Path.Combine(plugins, "Broken.dll"), "not an assembly");
        var environment = new Dictionary<string, string?> { ["SIGHTLINE_PLUGINS_DIRECTORY"] = plugins };

        var listed = await SightlineCommand.RunAsync(["plugins"], environment);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("Not loaded:", listed.Output, StringComparison.Ordinal);
        Assert.Contains("Broken.dll", listed.Output[listed.Output.IndexOf("Not loaded:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var section = Sections(listed.Output)["agent-test"];
        Assert.Contains("[on by default]", section, StringComparison.Ordinal);
        Assert.Contains("target:    any assembly", section, StringComparison.Ordinal);
        Assert.Contains("types:   any-name(Sightline.Tests.AgentTargetApp.Orders, Sightline.Tests.OldPackagesApp.Work)", section, StringComparison.Ordinal);
        Assert.Contains("methods: static methods named-any(Place, Run) -> Sightline.Tests.AgentTestPlugin.WorkInterceptor", section, StringComparison.Ordinal);
        Assert.DoesNotContain("app:", section, StringComparison.Ordinal);

        var missing = Path.Combine(temp.Path, "no-app");
        var failed = await SightlineCommand.RunAsync(["plugins", "--app", missing], environment);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"app folder not found: {missing}", failed.Errors, StringComparison.Ordinal);
    }

    // The text output as "<id>  [state]" headed blocks, by plugin id.
    private static Dictionary<string, string> Sections(string output) =>
        output.Split("\n\n").Skip(1)
            .Where(block => block.Contains("  [", StringComparison.Ordinal))
            .GroupBy(block => block[..block.IndexOf("  [", StringComparison.Ordinal)])
            .ToDictionary(g => g.Key, g => string.Join("\n\n", g));
}
