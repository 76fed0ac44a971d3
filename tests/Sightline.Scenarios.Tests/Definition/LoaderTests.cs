using Sightline.Scenarios.Definition;
using Sightline.Scenarios.Expectations;

namespace Sightline.Scenarios.Tests.Definition;

/// <summary>Every mistake in a scenario or expected-data file is reported with the file and what is wrong.</summary>
public sealed class LoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-scenario-").FullName;

    [Theory]
    [InlineData("apps: [", "scenario.yaml")]
    [InlineData("requests: []", "at least one app")]
    [InlineData("apps: [{ name: a, project: missing.csproj }]", "missing.csproj', which does not exist")]
    [InlineData("apps: [{ name: a, project: app.csproj }, { name: a, project: app.csproj }]", "app names must be unique")]
    [InlineData("apps: [{ name: a, project: app.csproj }]\nrequests: [{ app: b, path: / }]", "goes to app 'b'")]
    [InlineData("apps: [{ name: a, project: app.csproj }]\nversions: { property: V, values: [] }", "lists no values")]
    [InlineData("apps: [{ name: a, project: app.csproj }]\nexpected: other.yaml", "'other.yaml' does not exist")]
    [InlineData("apps: [{ name: a, project: app.csproj }]\nunknownKey: 1", "unknownKey")]
    public void A_bad_scenario_file_is_refused_with_a_clear_message(string yaml, string message)
    {
        File.WriteAllText(Path.Combine(_folder, "app.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_folder, "expected.yaml"), "segments: []");
        File.WriteAllText(Path.Combine(_folder, ScenarioLoader.FileName), yaml);

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(_folder));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("segments: []", "no segments are expected")]
    [InlineData("segments: [{ service: a, spans: [] }]", "lists no spans")]
    [InlineData("segments: [{ service: a, spans: [{ name: x, parent: y }] }]", "parent 'y', which is not a span")]
    [InlineData("segments: [{ service: a, spans: [{ name: x, remoteParent: { segment: s, span: y } }] }]", "refers to segment 's'")]
    [InlineData("segments: [{ name: s, service: a, spans: [{ name: x, remoteParent: { segment: s, span: y } }] }]", "does not list")]
    [InlineData("segments: [{ service: a, spans: [{ name: x, tags: { k: 'regex ([' } }] }]", "not a valid regular expression")]
    [InlineData("segments: [{ service: a, spans: [{ nam: x }] }]", "nam")]
    public void A_bad_expected_file_is_refused_with_a_clear_message(string yaml, string message)
    {
        var file = Path.Combine(_folder, "expected.yaml");
        File.WriteAllText(file, yaml);

        var error = Assert.Throws<ScenarioException>(() => ExpectedDataLoader.Load(file));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
