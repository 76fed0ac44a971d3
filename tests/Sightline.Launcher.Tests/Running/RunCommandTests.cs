using Sightline.Launcher.Tests.Support;

namespace Sightline.Launcher.Tests.Running;

/// <summary><c>sightline run</c> against real child processes: the ASP.NET Core target app, and a shell that shows its environment.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_attaches_the_shipped_agent_to_the_app_and_forwards_its_exit_on_SIGTERM()
    {
        using var temp = new TempFolder();
        var spans = Path.Combine(temp.Path, "spans.jsonl");
        var environment = new Dictionary<string, string?>
        {
            ["SIGHTLINE_PLUGINS_DIRECTORY"] = temp.PluginsFolder(AppPaths.TestPlugin),
            ["SIGHTLINE_EXPORTERS"] = "jsonl",
            ["SIGHTLINE_JSONL_PATH"] = spans,
            ["SIGHTLINE_LOG_DIRECTORY"] = Path.Combine(temp.Path, "logs"),
            ["SIGHTLINE_BATCH_DELAY_MS"] = "50",
        };
        using var launcher = SightlineCommand.Start(["run", "--service", "launcher-test", "--", "dotnet", AppPaths.TargetApp, "--urls", "http://127.0.0.1:0"], environment);

        var line = await launcher.WaitForLineAsync("listening on ", SightlineCommand.Timeout);
        using var client = new HttpClient { BaseAddress = new Uri(line["listening on ".Length..].Trim()) };
        Assert.Equal("order 7 placed", await client.GetStringAsync("/orders/7", TestContext.Current.CancellationToken));

        Assert.Contains("\"kind\":\"Internal\"", await SpanFile.WaitForSpanAsync(spans, "Orders.Place", TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

        // SIGTERM to the launcher reaches the app, which shuts down cleanly; its exit code is the launcher's.
        Assert.Equal(0, await launcher.StopAsync(SightlineCommand.Timeout));
    }

    [Fact]
    public async Task Run_sets_the_otlp_variables_keeps_an_existing_startup_hook_and_forwards_the_exit_code()
    {
        using var temp = new TempFolder();

        // Another real start-up hook: the agent's hook assembly alone, switched off, so the launcher itself starts with it.
        var otherHook = Path.Combine(Directory.CreateDirectory(Path.Combine(temp.Path, "other")).FullName, "Sightline.Agent.dll");
        File.Copy(Path.Combine(AppPaths.LauncherAgentHome, "Sightline.Agent.dll"), otherHook);
        var environment = new Dictionary<string, string?> { ["DOTNET_STARTUP_HOOKS"] = otherHook, ["SIGHTLINE_ENABLED"] = "false" };

        var (code, output, errors) = await SightlineCommand.RunAsync(
            ["run", "--service", "shop", "--endpoint", "http://127.0.0.1:4318", "--protocol", "http/protobuf", "--",
             "sh", "-c", "echo \"hooks=$DOTNET_STARTUP_HOOKS\"; echo \"service=$OTEL_SERVICE_NAME\"; echo \"endpoint=$OTEL_EXPORTER_OTLP_ENDPOINT $OTEL_EXPORTER_OTLP_PROTOCOL\"; exit 42"],
            environment);

        Assert.True(code == 42, $"exit code {code}; stderr: {errors}");
        Assert.Contains($"hooks={otherHook}:{Path.Combine(AppPaths.LauncherAgentHome, "Sightline.Agent.dll")}", output, StringComparison.Ordinal);
        Assert.Contains("service=shop", output, StringComparison.Ordinal);
        Assert.Contains("endpoint=http://127.0.0.1:4318 http/protobuf", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_reports_a_missing_command_an_unknown_command_and_a_missing_agent_folder()
    {
        var missing = await SightlineCommand.RunAsync(["run", "--service", "x"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no command to run", missing.Errors, StringComparison.Ordinal);

        var unknown = await SightlineCommand.RunAsync(["run", "--", "sightline-no-such-command"]);
        Assert.Equal(127, unknown.ExitCode);
        Assert.Contains("command not found: sightline-no-such-command", unknown.Errors, StringComparison.Ordinal);

        using var temp = new TempFolder();
        var noAgent = await SightlineCommand.RunAsync(["run", "--", "true"], new Dictionary<string, string?> { ["SIGHTLINE_AGENT_HOME"] = temp.Path });
        Assert.Equal(1, noAgent.ExitCode);
        Assert.Contains($"the agent folder {temp.Path} (from SIGHTLINE_AGENT_HOME) has no Sightline.Agent.dll", noAgent.Errors, StringComparison.Ordinal);

        var badProtocol = await SightlineCommand.RunAsync(["run", "--protocol", "udp", "--", "true"]);
        Assert.Equal(2, badProtocol.ExitCode);
        Assert.Contains("--protocol 'udp' is not supported", badProtocol.Errors, StringComparison.Ordinal);
    }
}
