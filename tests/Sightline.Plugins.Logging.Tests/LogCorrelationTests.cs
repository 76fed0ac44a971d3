using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Sightline.Core.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Logging.Tests;

/// <summary>
/// Log lines written through Microsoft.Extensions.Logging inside a span carry its trace id and span id, in the real
/// console formatters (JSON, simple, systemd) with <c>IncludeScopes</c>, from a factory that never asked for them.
/// </summary>
public sealed class LogCorrelationTests(PluginFixture fixture)
{
    [Fact]
    public void The_plugin_is_applied_to_the_scope_provider_constructor() =>
        Assert.Contains(fixture.Decisions.Snapshot(), d => d.PluginId == "logging" && d.Outcome == PluginOutcome.Applied);

    [Fact]
    public void Json_console_lines_inside_spans_carry_each_spans_trace_and_span_ids()
    {
        string traceId, entryId, localId, output;
        using (var capture = new ConsoleCapture())
        {
            // LoggerFactory.Create leaves ActivityTrackingOptions at None: without the plugin no line has an id.
            using (var factory = LoggerFactory.Create(b => b.AddJsonConsole(o => o.IncludeScopes = true)))
            {
                var logger = factory.CreateLogger("Orders");
                var entry = Tracer.CreateEntrySpan("POST /orders", new Dictionary<string, string>(), static (c, k) => c.GetValueOrDefault(k), SpanLayer.Http);
                logger.LogInformation("order {OrderId} received", 7);
                var local = Tracer.CreateLocalSpan("Orders.Price");
                logger.LogWarning("price {Amount} looks high", 12.5);
                (traceId, entryId, localId) = (entry.Activity!.TraceId.ToHexString(), entry.Activity.SpanId.ToHexString(), local.Activity!.SpanId.ToHexString());
                local.Stop();
                entry.Stop();
            }

            output = capture.Text;
        }

        var lines = JsonLines(output, "Orders");
        Assert.Equal(2, lines.Count);
        Assert.Equal((traceId, entryId), Ids(lines[0]));
        Assert.Equal((traceId, localId), Ids(lines[1]));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("systemd")]
    public void Text_console_lines_inside_a_span_carry_its_ids_when_scopes_are_shown(string formatter)
    {
        string expected, output;
        using (var capture = new ConsoleCapture())
        {
            using (var factory = LoggerFactory.Create(b =>
            {
                if (formatter == "simple")
                {
                    b.AddSimpleConsole(o =>
                    {
                        o.IncludeScopes = true;
                        o.SingleLine = true;
                        o.ColorBehavior = LoggerColorBehavior.Disabled;
                    });
                }
                else
                {
                    b.AddSystemdConsole(o => o.IncludeScopes = true);
                }
            }))
            {
                var span = Tracer.CreateLocalSpan("job");
                factory.CreateLogger("Jobs").LogInformation("restock {Sku}", "A-1");
                expected = $"SpanId:{span.Activity!.SpanId.ToHexString()}, TraceId:{span.Activity.TraceId.ToHexString()}";
                span.Stop();
            }

            output = capture.Text;
        }

        var line = Assert.Single(output.Split('\n'), l => l.Contains("restock A-1", StringComparison.Ordinal));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_outside_any_span_carry_no_ids()
    {
        Assert.Null(Activity.Current);
        string output;
        using (var capture = new ConsoleCapture())
        {
            using (var factory = LoggerFactory.Create(b => b.AddJsonConsole(o => o.IncludeScopes = true)))
            {
                factory.CreateLogger("Idle").LogInformation("nothing traced");
            }

            output = capture.Text;
        }

        var line = Assert.Single(JsonLines(output, "Idle"));
        Assert.DoesNotContain("TraceId", line.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_app_that_narrowed_the_tracking_options_still_logs_the_ids_and_keeps_its_own_flags()
    {
        var token = TestContext.Current.CancellationToken;
        string traceId, spanId, parentId, output;
        using (var capture = new ConsoleCapture())
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
            builder.Logging.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true);
            builder.Services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.ParentId);
            using (var host = builder.Build())
            {
                await host.StartAsync(token);
                var logger = host.Services.GetRequiredService<ILogger<LogCorrelationTests>>();
                var entry = Tracer.CreateEntrySpan("GET /stock", new Dictionary<string, string>(), static (c, k) => c.GetValueOrDefault(k), SpanLayer.Http);
                var exit = Tracer.CreateExitSpan("SELECT stock", "db:5432", SpanLayer.Database);
                logger.LogInformation("stock queried");
                (traceId, spanId, parentId) = (exit.Activity!.TraceId.ToHexString(), exit.Activity.SpanId.ToHexString(), entry.Activity!.SpanId.ToHexString());
                exit.Stop();
                entry.Stop();
                await host.StopAsync(token);
            }

            output = capture.Text;
        }

        var line = Assert.Single(JsonLines(output, typeof(LogCorrelationTests).FullName!));
        Assert.Equal((traceId, spanId), Ids(line));
        Assert.Contains(line.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("ParentId", out var p) && p.GetString() == parentId);
    }

    private static List<JsonElement> JsonLines(string output, string category) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.TrimStart().StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("Category").GetString() == category)];

    private static (string TraceId, string SpanId) Ids(JsonElement line)
    {
        var scope = Assert.Single(line.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        return (scope.GetProperty("TraceId").GetString()!, scope.GetProperty("SpanId").GetString()!);
    }
}
