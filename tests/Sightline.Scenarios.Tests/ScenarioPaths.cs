namespace Sightline.Scenarios.Tests;

/// <summary>Where the scenarios and the agent are: the repository's tests/Scenarios and the agent's build output.</summary>
internal static class ScenarioPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "tests", "Scenarios");

    public static string Negative => Path.Combine(Root, "tests", "Sightline.Scenarios.Tests", "Negative");

    public static string Agent => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "apps", "agent.path")).Trim();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Agent.sln not found above " + AppContext.BaseDirectory);
    }
}
