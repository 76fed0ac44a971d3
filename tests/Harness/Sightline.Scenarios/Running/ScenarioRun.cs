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
    /// <summary>Each app's standard output, by app name, for checks on what the apps printed (their logs).</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Each app's agent log (all its files, in order), by app name.</summary>
    public IReadOnlyDictionary<string, string> AgentLogs { get; init; } = new Dictionary<string, string>();

    /// <summary>The scenario and version, for messages.</summary>
    public string Title => Version is null ? $"scenario '{Scenario}'" : $"scenario '{Scenario}' with version {Version}";

    /// <summary>A message that says what passed or failed, and why.</summary>
    public string Message => $"{Title} {(Result.Passed ? "passed" : "failed")}: {Result.Report}";
}
