namespace Sightline.Scenarios.Definition;

/// <summary>
/// The library versions a scenario runs against: each app is built once per value with
/// <c>-p:&lt;Property&gt;=&lt;value&gt;</c> (the app's project uses it, e.g. as a package's <c>VersionOverride</c>).
/// </summary>
public sealed class VersionMatrix
{
    /// <summary>The MSBuild property that carries the version.</summary>
    public string Property { get; set; } = "ScenarioLibraryVersion";

    /// <summary>The versions.</summary>
    public List<string> Values { get; set; } = [];
}
