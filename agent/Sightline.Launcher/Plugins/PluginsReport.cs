namespace Sightline.Launcher.Plugins;

/// <summary>Everything <c>sightline plugins</c> found, ready to print as text or JSON.</summary>
internal sealed record PluginsReport(
    string AgentHome,
    string PluginsDirectory,
    IReadOnlyList<string> ConfigurationProblems,
    IReadOnlyList<string> LoadFailures,
    AppSummary? App,
    IReadOnlyList<PluginEntry> Plugins);

/// <summary>The app that was read: its folder, how many assemblies, which shared frameworks.</summary>
internal sealed record AppSummary(string Folder, int AssemblyCount, IReadOnlyList<string> Frameworks, IReadOnlyList<string> MissingFrameworks);

/// <summary>One plugin: its declared rules and, with an app, its verdict.</summary>
internal sealed record PluginEntry(PluginDescription Plugin, ActivationVerdict? Activation);
