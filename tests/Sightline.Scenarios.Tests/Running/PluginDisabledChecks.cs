using Sightline.Scenarios.Running;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>
/// The plugin-disabled scenario: front runs without the ASP.NET Core plugin, back without the HttpClient plugin. No
/// span of a switched-off plugin arrives from either, the other plugin's spans do, and each agent logged the decision.
/// </summary>
internal static class PluginDisabledChecks
{
    public static void Verify(ScenarioRun run)
    {
        var front = run.Spans.Where(s => s.Service == "disabled-front").ToList();
        var back = run.Spans.Where(s => s.Service == "disabled-back").ToList();
        Assert.DoesNotContain(front, s => s.Kind == "Server" || Component(s) == "AspNetCore");
        Assert.Contains(front, s => s.Kind == "Client" && Component(s) == "HttpClient");
        Assert.DoesNotContain(back, s => s.Kind == "Client" || Component(s) == "HttpClient");
        Assert.Contains(back, s => s.Kind == "Server" && Component(s) == "AspNetCore");

        AssertDisabled(run.AgentLogs["front"], "aspnetcore", "httpclient");
        AssertDisabled(run.AgentLogs["back"], "httpclient", "aspnetcore");
    }

    private static void AssertDisabled(string log, string disabled, string enabled)
    {
        var decisions = log.Split('\n').Where(l => l.Contains("plugins: Disabled", StringComparison.Ordinal)).ToList();
        Assert.Contains(decisions, l => l.Contains($" {disabled} *: excluded by configuration", StringComparison.Ordinal));
        Assert.DoesNotContain(decisions, l => l.Contains($" {enabled} ", StringComparison.Ordinal));
    }

    private static string? Component(Scenarios.Collecting.ActualSpan span) => span.Tags.GetValueOrDefault("sightline.component");
}
