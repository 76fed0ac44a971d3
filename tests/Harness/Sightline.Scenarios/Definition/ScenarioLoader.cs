using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sightline.Scenarios.Definition;

/// <summary>Reads scenario folders; every mistake in a file is reported with the file and what is wrong.</summary>
public static class ScenarioLoader
{
    /// <summary>The file that makes a folder a scenario.</summary>
    public const string FileName = "scenario.yaml";

    internal static IDeserializer Yaml { get; } = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Every scenario folder directly below <paramref name="root"/>, by name.</summary>
    public static IReadOnlyList<string> Discover(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, FileName))).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Loads the scenario of <paramref name="folder"/>.</summary>
    /// <exception cref="ScenarioException">The file is missing, malformed or incomplete.</exception>
    public static ScenarioDefinition Load(string folder)
    {
        var file = Path.Combine(folder, FileName);
        ScenarioDefinition scenario;
        try
        {
            scenario = Yaml.Deserialize<ScenarioDefinition?>(File.ReadAllText(file)) ?? new ScenarioDefinition();
        }
        catch (YamlException ex)
        {
            // YamlDotNet puts the useful part (an unknown key, a bad value) in the inner exception.
            throw new ScenarioException($"{file}: line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}{(ex.InnerException is { } inner ? " " + inner.Message : string.Empty)}", ex);
        }
        catch (IOException ex)
        {
            throw new ScenarioException($"{file}: {ex.Message}", ex);
        }

        scenario.Folder = Path.GetFullPath(folder);
        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            scenario.Name = Path.GetFileName(scenario.Folder);
        }

        Validate(scenario, file);
        return scenario;
    }

    private static void Validate(ScenarioDefinition scenario, string file)
    {
        if (scenario.Apps.Count == 0)
        {
            throw new ScenarioException($"{file}: a scenario needs at least one app under 'apps'");
        }

        foreach (var app in scenario.Apps)
        {
            if (string.IsNullOrWhiteSpace(app.Project) || !File.Exists(Path.Combine(scenario.Folder, app.Project)))
            {
                throw new ScenarioException($"{file}: app '{app.Name}' names project '{app.Project}', which does not exist in {scenario.Folder}");
            }
        }

        var names = scenario.Apps.Select(a => a.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ScenarioException($"{file}: app names must be unique ({string.Join(", ", names)})");
        }

        foreach (var request in scenario.Requests.Where(r => r.App.Length > 0 && !names.Contains(r.App)))
        {
            throw new ScenarioException($"{file}: request {request} goes to app '{request.App}', which is not listed under 'apps'");
        }

        if (scenario.Versions is { Values.Count: 0 })
        {
            throw new ScenarioException($"{file}: 'versions' lists no values");
        }

        if (!File.Exists(Path.Combine(scenario.Folder, scenario.Expected)))
        {
            throw new ScenarioException($"{file}: the expected-data file '{scenario.Expected}' does not exist");
        }
    }
}
