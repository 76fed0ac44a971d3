namespace Sightline.Scenarios.Definition;

/// <summary>
/// A scenario folder's <c>scenario.yaml</c>: the apps to build and start with the agent, the requests to send, and
/// optionally the library versions to run it against. The expected spans are in <see cref="Expected"/>.
/// </summary>
public sealed class ScenarioDefinition
{
    /// <summary>The scenario's name; the folder name when not given.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The folder holding scenario.yaml (set by the loader).</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>The apps, started in this order (every app's address is known before any starts).</summary>
    public List<AppDefinition> Apps { get; set; } = [];

    /// <summary>The requests, sent in this order once every app answers.</summary>
    public List<RequestDefinition> Requests { get; set; } = [];

    /// <summary>Library versions to run the scenario against; null to run it once as the apps are written.</summary>
    public VersionMatrix? Versions { get; set; }

    /// <summary>The expected-data file, relative to the folder.</summary>
    public string Expected { get; set; } = "expected.yaml";

    /// <summary>
    /// Services the scenario needs besides its apps (for example <c>postgres</c>); the host running the scenario checks
    /// them first and skips the scenario, saying why, when one is not there.
    /// </summary>
    public List<string> Requires { get; set; } = [];

    /// <summary>Extra agent settings for every app (SIGHTLINE_* variables).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <inheritdoc />
    public override string ToString() => Name;
}
