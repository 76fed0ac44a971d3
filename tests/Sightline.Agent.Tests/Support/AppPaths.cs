namespace Sightline.Agent.Tests.Support;

/// <summary>The built child apps, agent and test plugin, located by the paths the build wrote beside the tests.</summary>
internal static class AppPaths
{
    public static string Agent => Read("agent");

    public static string AgentHome => Path.GetDirectoryName(Agent)!;

    public static string TargetApp => Read("target-app");

    public static string OldPackagesApp => Read("old-packages-app");

    public static string TestPlugin => Read("test-plugin");

    private static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "apps", name + ".path")).Trim();
}
