using Sightline.Scenarios.Running;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>
/// Checks some scenarios need beyond their expected spans, on what the run also kept: the apps' console output and
/// the agents' logs. Keyed by scenario name; a scenario without one is checked by its expected.yaml alone.
/// </summary>
internal static class ScenarioChecks
{
    private static readonly Dictionary<string, Action<ScenarioRun>> Checks = new(StringComparer.Ordinal)
    {
        ["log-correlation"] = LogCorrelationChecks.Verify,
        ["plugin-disabled"] = PluginDisabledChecks.Verify,
    };

    public static void Verify(ScenarioRun run)
    {
        if (Checks.TryGetValue(run.Scenario, out var check))
        {
            check(run);
        }
    }
}
