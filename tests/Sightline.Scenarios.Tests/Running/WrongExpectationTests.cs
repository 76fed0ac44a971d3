using Sightline.Scenarios.Definition;
using Sightline.Scenarios.Running;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>A scenario whose expectation is deliberately wrong: the harness fails it and says exactly what differed.</summary>
public sealed class WrongExpectationTests
{
    [Fact]
    public async Task A_wrong_expectation_fails_with_the_closest_actual_span_and_each_difference()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ScenarioPaths.Negative, "wrong-expectation"));
        var runner = new ScenarioRunner(new ScenarioOptions { AgentPath = ScenarioPaths.Agent, Log = TestContext.Current.SendDiagnosticMessage });

        var run = await runner.RunAsync(scenario, version: null, TestContext.Current.CancellationToken);

        Assert.False(run.Result.Passed, run.Message);
        var report = run.Result.Report;
        Assert.Contains("1 of 1 expected segment(s) not found", report, StringComparison.Ordinal);
        Assert.Contains("expected span 'order.place' [Internal]", report, StringComparison.Ordinal);
        Assert.Contains("closest actual span: 'order.place' [Internal]", report, StringComparison.Ordinal);
        Assert.Contains("tag order.id: expected \"8\", actual \"7\"", report, StringComparison.Ordinal);
        Assert.Contains("kind: expected \"Server\", actual \"Internal\"", report, StringComparison.Ordinal);
        Assert.Contains("Actual segments:", report, StringComparison.Ordinal);
    }
}
