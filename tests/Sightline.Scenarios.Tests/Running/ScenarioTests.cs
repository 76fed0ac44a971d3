using Sightline.Scenarios.Definition;
using Sightline.Scenarios.Running;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>Every scenario under tests/Scenarios, run with the agent attached, against each of its library versions.</summary>
public sealed class ScenarioTests
{
    public static TheoryData<string> Scenarios() => [.. ScenarioLoader.Discover(ScenarioPaths.Scenarios).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_produces_its_expected_segments(string name)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ScenarioPaths.Scenarios, name));
        if (await ScenarioServices.PrepareAsync(scenario, TestContext.Current.CancellationToken) is { } missing)
        {
            Assert.Skip(missing);
        }

        var runner = new ScenarioRunner(new ScenarioOptions { AgentPath = ScenarioPaths.Agent, Log = TestContext.Current.SendDiagnosticMessage });

        var runs = await runner.RunAllAsync(scenario, TestContext.Current.CancellationToken);

        Assert.All(runs, run => Assert.True(run.Result.Passed, run.Message));
        Assert.All(runs, ScenarioChecks.Verify);
    }
}
