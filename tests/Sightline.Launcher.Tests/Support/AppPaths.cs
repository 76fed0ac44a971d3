namespace Sightline.Launcher.Tests.Support;

/// <summary>The built launcher, target app and plugins, located by the paths the build wrote beside the tests.</summary>
internal static class AppPaths
{
    /// <summary>The launcher's app host, as users run it (sightline.dll's folder holds its agent/ folder).</summary>
    public static string Launcher => Path.ChangeExtension(Read("launcher"), null);

    public static string LauncherAgentHome => Path.Combine(Path.GetDirectoryName(Read("launcher"))!, "agent");

    public static string LauncherProject => Read("launcher-project");

    public static string Configuration => Read("configuration");

    public static string TargetApp => Read("target-app");

    public static string TargetAppFolder => Path.GetDirectoryName(TargetApp)!;

    public static string TestPlugin => Read("test-plugin");

    public static string LauncherTestPlugins => Read("launcher-test-plugins");

    private static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "apps", name + ".path")).Trim();
}
