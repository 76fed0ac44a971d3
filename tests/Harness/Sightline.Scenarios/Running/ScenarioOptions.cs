namespace Sightline.Scenarios.Running;

/// <summary>What the harness needs from its host: the agent to attach and where to work.</summary>
public sealed record ScenarioOptions
{
    /// <summary>The agent's hook assembly: <c>&lt;distribution&gt;/Sightline.Agent.dll</c>.</summary>
    public required string AgentPath { get; init; }

    /// <summary>A folder the harness may fill (builds, logs); a temp folder by default.</summary>
    public string WorkRoot { get; init; } = Path.Combine(Path.GetTempPath(), "sightline-scenarios");

    /// <summary>How long an app may take to answer its ready path.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Receives progress lines (build, start, requests).</summary>
    public Action<string> Log { get; init; } = _ => { };
}
