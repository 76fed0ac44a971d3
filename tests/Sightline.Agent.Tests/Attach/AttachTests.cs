using System.Net;
using Sightline.Agent.Tests.Support;

namespace Sightline.Agent.Tests.Attach;

/// <summary>The agent attached to a real ASP.NET Core app through DOTNET_STARTUP_HOOKS, as users attach it.</summary>
public sealed class AttachTests : IDisposable
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);
    private const string BridgeStarted = "start-up: the patch engine's events reach this log and the 'Sightline.Agent' meter is published";
    private readonly AgentSandbox _sandbox = new();

    [Theory]
    [InlineData(LaunchMode.DotnetDll)]
    [InlineData(LaunchMode.AppHost)]
    [InlineData(LaunchMode.DotnetRun)]
    public async Task The_agent_traces_the_app_however_it_is_started(LaunchMode mode)
    {
        var (app, client) = await TargetApp.StartAsync(_sandbox, mode);
        using (app)
        using (client)
        {
            Assert.Equal("order 7 placed", await client.GetStringAsync("/orders/7", TestContext.Current.CancellationToken));

            var span = await _sandbox.WaitForSpanAsync("Orders.Place", ExportTimeout);
            Assert.Equal("Sightline", span.GetProperty("source").GetString());
            Assert.Equal("agent-test", span.GetProperty("attributes").GetProperty("sightline.component").GetString());
        }

        // Under dotnet run the SDK, MSBuild and the app all inherit the hook; only the app starts an agent.
        var logs = Directory.GetFiles(_sandbox.LogDirectory);
        Assert.True(logs.Length == 1, $"{mode}: expected the app's agent log alone, found {logs.Length}:\n{_sandbox.LogText}");
        Assert.Contains("started for service 'AgentTargetApp'", _sandbox.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_synchronous_start_builds_the_agent_before_Main_and_traces_the_first_request()
    {
        _sandbox.Environment["SIGHTLINE_START_MODE"] = "synchronous";
        var lines = await TraceFirstOrderAsync(2);

        // Started on the application's main thread (managed id 1), not on the background 'Sightline.Start' thread.
        var started = Assert.Single(lines, l => l.Contains("started for service", StringComparison.Ordinal));
        Assert.Contains(" [1] ", started, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_an_app_with_a_host_starts_without_waiting_and_its_host_waits_for_the_agent()
    {
        var lines = await TraceFirstOrderAsync(4);

        // Built on 'Sightline.Start', not on the application's main thread (managed id 1), which only waited when its
        // host began to build.
        var started = Assert.Single(lines, l => l.Contains("started for service", StringComparison.Ordinal));
        Assert.DoesNotContain(" [1] ", started, StringComparison.Ordinal);
        var gate = Assert.Single(lines, l => l.Contains("start-up: the host began to build and waited", StringComparison.Ordinal));
        Assert.Contains(" [1] ", gate, StringComparison.Ordinal);

        // How often the first patches stopped the application's threads (none when no target had run yet), and how
        // those stops went: a stranded one is a start-up ~250 ms slower.
        var applied = Assert.Single(lines, l => l.Contains("start-up: plugins applied at", StringComparison.Ordinal));
        Assert.Matches(@"stopped the threads \d+ time\(s\) so far \(\d+ retried late, \d+ stranded\)", applied);
    }

    [Fact]
    public async Task The_patch_engine_events_and_the_meter_follow_the_first_spans()
    {
        await TraceFirstOrderAsync(6);

        var line = await _sandbox.WaitForLogLineAsync(BridgeStarted, ExportTimeout);
        Assert.EndsWith("once the first spans made the exporters", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_span_the_patch_engine_events_and_the_meter_come_a_few_seconds_after_the_first_patches()
    {
        _sandbox.Environment["SIGHTLINE_LOG_LEVEL"] = "debug";
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            var line = await _sandbox.WaitForLogLineAsync(BridgeStarted, ExportTimeout);
            Assert.EndsWith("3 s after the first patches, with no span yet", line.TrimEnd(), StringComparison.Ordinal);
            Assert.Empty(_sandbox.Spans());
        }
    }

    [Fact]
    public async Task The_first_call_start_builds_the_pipeline_beside_the_app_and_traces_the_first_request()
    {
        _sandbox.Environment["SIGHTLINE_START_MODE"] = "first-call";
        var lines = await TraceFirstOrderAsync(5);

        var started = Assert.Single(lines, l => l.Contains("started for service", StringComparison.Ordinal));
        Assert.DoesNotContain(" [1] ", started, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("the host began to build", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exception_in_a_traced_method_is_recorded_and_the_app_handles_it_as_usual()
    {
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            var response = await client.GetAsync("/orders/-1", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);

            var span = await _sandbox.WaitForSpanAsync("Orders.Place", ExportTimeout);
            Assert.Equal("Error", span.GetProperty("status").GetString());
            Assert.Contains(span.GetProperty("events").EnumerateArray(), e => e.GetProperty("name").GetString() == "exception");
        }
    }

    [Fact]
    public async Task The_service_name_comes_from_OTEL_SERVICE_NAME()
    {
        _sandbox.Environment["OTEL_SERVICE_NAME"] = "orders-frontend";
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            await client.GetStringAsync("/orders/1", TestContext.Current.CancellationToken);
            await _sandbox.WaitForSpanAsync("Orders.Place", ExportTimeout);
        }

        Assert.Contains("started for service 'orders-frontend'", _sandbox.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spans_still_queued_when_the_app_is_stopped_are_flushed_on_exit()
    {
        // A batch delay far longer than the test: only the exit flush can deliver the span.
        _sandbox.Environment["SIGHTLINE_BATCH_DELAY_MS"] = "600000";
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            await client.GetStringAsync("/orders/3", TestContext.Current.CancellationToken);
            Assert.Empty(_sandbox.Spans());
            Assert.Equal(0, await app.StopAsync(TargetApp.StartTimeout, TestContext.Current.CancellationToken));
        }

        Assert.Contains("Orders.Place", _sandbox.SpanNames());
    }

    // The app's first request traced (its span exported), then the agent log's lines (at debug level).
    private async Task<string[]> TraceFirstOrderAsync(int id)
    {
        _sandbox.Environment["SIGHTLINE_LOG_LEVEL"] = "debug";
        var (app, client) = await TargetApp.StartAsync(_sandbox);
        using (app)
        using (client)
        {
            Assert.Equal($"order {id} placed", await client.GetStringAsync($"/orders/{id}", TestContext.Current.CancellationToken));
            await _sandbox.WaitForSpanAsync("Orders.Place", ExportTimeout);
        }

        return _sandbox.LogText.Split('\n');
    }

    public void Dispose() => _sandbox.Dispose();
}
