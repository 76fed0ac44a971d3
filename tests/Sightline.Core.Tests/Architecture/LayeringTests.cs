namespace Sightline.Core.Tests.Architecture;

/// <summary>ARCHITECTURE.md's table: dependencies point down it only.</summary>
public sealed class LayeringTests
{
    // What each shipping layer may reference, as ARCHITECTURE.md's "may reference" column says.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Sightline.Spi"] = [],
        ["Sightline.Patching"] = [],
        ["Sightline.Core"] = ["Sightline.Spi", "Sightline.Patching"],
        ["Sightline.Agent"] = ["Sightline.Core", "Sightline.Spi", "Sightline.Patching", "Sightline.Agent.Runtime"],

        // The agent layer's second assembly: what runs inside the private load context (ARCHITECTURE.md's agent/ row).
        // It is apart from the hook's assembly only so that its ReadyToRun code is used (an assembly loaded a second
        // time, into another context, runs JIT-compiled); the hook assembly references it to ship it beside itself.
        ["Sightline.Agent.Runtime"] = ["Sightline.Core", "Sightline.Spi", "Sightline.Patching"],
        ["Sightline.Storage"] = [],
    };

    // Projects tested by another project's tests: the agent's runtime is the agent's start seen from inside, which
    // Sightline.Agent.Tests exercises as users attach it.
    private static readonly Dictionary<string, string> TestedBy = new()
    {
        ["Sightline.Agent.Runtime"] = "Sightline.Agent.Tests",
    };

    [Fact]
    public void Every_architecture_project_exists_in_its_folder()
    {
        var projects = RepositoryLayout.Projects();
        Assert.Equal("spi", RepositoryLayout.TopFolder(projects["Sightline.Spi"]));
        Assert.Equal("core", RepositoryLayout.TopFolder(projects["Sightline.Patching"]));
        Assert.Equal("core", RepositoryLayout.TopFolder(projects["Sightline.Core"]));
        Assert.Equal("agent", RepositoryLayout.TopFolder(projects["Sightline.Agent"]));
        Assert.Equal("agent", RepositoryLayout.TopFolder(projects["Sightline.Agent.Runtime"]));
        Assert.Equal("storage", RepositoryLayout.TopFolder(projects["Sightline.Storage"]));
        Assert.Equal("bench", RepositoryLayout.TopFolder(projects["Sightline.Benchmarks"]));
    }

    [Fact]
    public void Shipping_projects_reference_only_layers_below_them()
    {
        var projects = RepositoryLayout.Projects();
        foreach (var (name, allowed) in Allowed)
        {
            var references = RepositoryLayout.ProjectReferences(projects[name]);
            var forbidden = references.Except(allowed).ToList();
            Assert.True(forbidden.Count == 0, $"{name} references {string.Join(", ", forbidden)}, which ARCHITECTURE.md does not allow.");
        }
    }

    [Fact]
    public void Plugins_reference_the_spi_only()
    {
        foreach (var (name, file) in RepositoryLayout.Projects().Where(p => RepositoryLayout.TopFolder(p.Value) == "plugins"))
        {
            var references = RepositoryLayout.ProjectReferences(file);
            Assert.True(references.All(r => r == "Sightline.Spi"), $"{name} references {string.Join(", ", references)}: a plugin sees Sightline.Spi only.");
        }
    }

    [Fact]
    public void Every_project_has_a_test_project_and_is_in_the_solution()
    {
        var projects = RepositoryLayout.Projects();
        var solution = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "Agent.sln"));
        var scenarios = Path.Combine(RepositoryLayout.Root, "tests", "Scenarios") + Path.DirectorySeparatorChar;
        foreach (var (name, file) in projects)
        {
            // Scenario apps are built by the scenario harness, once per library version they declare.
            if (file.StartsWith(scenarios, StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(solution.Contains(name + ".csproj", StringComparison.Ordinal), $"{name} is not in Agent.sln.");
            var top = RepositoryLayout.TopFolder(file);
            if (top is "spi" or "core" or "agent" or "storage" or "plugins")
            {
                var tests = TestedBy.GetValueOrDefault(name, name + ".Tests");
                Assert.True(projects.ContainsKey(tests), $"{name} has no test project {tests}.");
            }
        }
    }
}
