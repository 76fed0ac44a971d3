using Sightline.Agent.Tests.Support;

namespace Sightline.Agent.Tests.Attach;

/// <summary>Whatever goes wrong in the agent's start, the app starts and answers as if the agent were not there.</summary>
public sealed class FailSafeTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    [Fact]
    public async Task SIGHTLINE_ENABLED_false_switches_the_agent_off_silently()
    {
        _sandbox.Environment["SIGHTLINE_ENABLED"] = "false";

        var errors = await AppWorksAsync();

        Assert.False(Directory.Exists(_sandbox.LogDirectory));
        Assert.Empty(_sandbox.Spans());
        Assert.DoesNotContain("Sightline", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_configuration_file_switches_the_agent_off_and_says_why()
    {
        var file = Path.Combine(_sandbox.Folder, "sightline.json");
        File.WriteAllText(file, "{ \"exporters\": [\"otlp\", ");
        _sandbox.Environment["SIGHTLINE_CONFIG_FILE"] = file;

        var errors = await AppWorksAsync();

        Assert.Contains("cannot be read", errors, StringComparison.Ordinal);
        Assert.Contains("application runs untraced", errors, StringComparison.Ordinal);
        Assert.Empty(_sandbox.Spans());
    }

    [Fact]
    public async Task A_missing_plugins_folder_switches_the_agent_off_and_says_why()
    {
        _sandbox.Environment["SIGHTLINE_PLUGINS_DIRECTORY"] = Path.Combine(_sandbox.Folder, "no-such-folder");

        var errors = await AppWorksAsync();

        Assert.Contains("no-such-folder does not exist", errors, StringComparison.Ordinal);
        Assert.Contains("the agent could not start and is off", _sandbox.LogText, StringComparison.Ordinal);
        Assert.Empty(_sandbox.Spans());
    }

    [Fact]
    public async Task A_plugin_assembly_that_fails_to_load_is_reported_and_the_other_plugins_still_work()
    {
        File.WriteAllBytes(Path.Combine(_sandbox.PluginsDirectory, "Sightline.Plugins.Broken.dll"), [0x4D, 0x5A, 0x00, 0x01, 0x02]);

        await AppWorksAsync(expectTraced: true);

        Assert.Contains("LoadFailed", _sandbox.LogText, StringComparison.Ordinal);
        Assert.Contains("Sightline.Plugins.Broken.dll", _sandbox.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_value_is_reported_in_one_line_and_replaced_by_its_default()
    {
        _sandbox.Environment["SIGHTLINE_BUFFER_CAPACITY"] = "lots";

        await AppWorksAsync(expectTraced: true);

        var line = Assert.Single(_sandbox.LogText.Split('\n'), l => l.Contains("SIGHTLINE_BUFFER_CAPACITY", StringComparison.Ordinal));
        Assert.Contains("'lots' is invalid", line, StringComparison.Ordinal);
        Assert.Contains("using the default 2048", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_folder_missing_its_core_leaves_the_app_running()
    {
        // A copy of the distribution with the core deleted: the private load context cannot load the runtime.
        var broken = Directory.CreateDirectory(Path.Combine(_sandbox.Folder, "broken-agent")).FullName;
        foreach (var file in Directory.EnumerateFiles(AppPaths.AgentHome).Where(f => !f.EndsWith("Sightline.Core.dll", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        _sandbox.Environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(broken, "Sightline.Agent.dll");

        var errors = await AppWorksAsync();

        Assert.Contains("the agent could not start and is off", errors, StringComparison.Ordinal);
        Assert.Contains("Sightline.Core", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exporter_that_cannot_be_created_is_reported_and_the_app_runs_on()
    {
        File.WriteAllText(Path.Combine(_sandbox.Folder, "a-file"), "not a folder");
        _sandbox.Environment["SIGHTLINE_JSONL_PATH"] = Path.Combine(_sandbox.Folder, "a-file", "spans.jsonl");

        // Exporters are created at the first batch, or a few seconds after the start without one: the app keeps
        // running meanwhile.
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            Assert.Equal("pong", await client.GetStringAsync("/ping", TestContext.Current.CancellationToken));
            await Eventually(() => _sandbox.LogText.Contains("exporter 'jsonl' could not be created; its spans are dropped", StringComparison.Ordinal));
            Assert.Equal("order 5 placed", await client.GetStringAsync("/orders/5", TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task A_backend_that_is_down_neither_breaks_the_app_nor_holds_up_its_exit()
    {
        _sandbox.Environment["SIGHTLINE_EXPORTERS"] = "otlp";
        _sandbox.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:" + ClosedPort();
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal($"order {i} placed", await client.GetStringAsync($"/orders/{i}", TestContext.Current.CancellationToken));
            }

            Assert.Equal(0, await app.StopAsync(TargetApp.StartTimeout, TestContext.Current.CancellationToken));
        }

        Assert.Contains("started for service", _sandbox.LogText, StringComparison.Ordinal);
    }

    public void Dispose() => _sandbox.Dispose();

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    // The app answers both endpoints correctly; returns what it wrote to standard error.
    private async Task<string> AppWorksAsync(bool expectTraced = false)
    {
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            Assert.Equal("pong", await client.GetStringAsync("/ping", TestContext.Current.CancellationToken));
            Assert.Equal("order 5 placed", await client.GetStringAsync("/orders/5", TestContext.Current.CancellationToken));
            if (expectTraced)
            {
                await _sandbox.WaitForSpanAsync("Orders.Place", TimeSpan.FromSeconds(30));
            }
            else
            {
                // Nothing could have been exported: the agent is off, so no exporter exists to write the file.
                Assert.False(File.Exists(_sandbox.SpansFile), "spans were exported although the agent should be off");
            }

            return app.Errors;
        }
    }
}
