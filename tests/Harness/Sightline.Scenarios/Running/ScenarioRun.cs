using Sightline.Scenarios.Collecting;
using Sightline.Scenarios.Verifying;

namespace Sightline.Scenarios.Running;

/// <summary>One run of a scenario against one library version.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Version">The library version, or null when the scenario has no version matrix.</param>
/// <param name="Result">Whether the expectations held, and the report.</param>
/// <param name="Spans">Everything the collector received.</param>
public sealed record ScenarioRun(string Scenario, string? Version, VerificationResult Result, IReadOnlyList<ActualSpan> Spans)
{
    /// <summary>The scenario and version, for messages.</summary>
    public string Title => Version is null ? $"scenario '{Scenario}'" : $"scenario '{Scenario}' with version {Version}";

    /// <summary>A message that says what passed or failed, and why.</summary>
    public string Message => $"{Title} {(Result.Passed ? "passed" : "failed")}: {Result.Report}";
}
