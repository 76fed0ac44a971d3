using Sightline.Core.Configuration;
using Sightline.Core.Plugins;
using Sightline.Launcher.Inspection;
using Sightline.Launcher.Plugins;
using Sightline.Launcher.Running;

namespace Sightline.Launcher.Commands;

/// <summary><c>sightline plugins</c>: the agent's plugins and, for an app read with Mono.Cecil (never run), what each would do.</summary>
internal static class PluginsCommand
{
    private static readonly HashSet<string> ValueOptions = ["--app", "--agent"];
    private static readonly HashSet<string> FlagOptions = ["--json"];

    public static int Execute(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        var reader = new ArgumentReader(args, ValueOptions, FlagOptions);
        var rest = reader.Read("plugins");
        if (reader.Flags.Contains("--help"))
        {
            output.WriteLine(LauncherCommands.Usage);
            return ExitCodes.Success;
        }

        if (rest.Count > 0)
        {
            throw new LauncherException($"unexpected argument '{rest[0]}' for 'sightline plugins'. Usage: sightline plugins [--app DIR] [--agent DIR] [--json]", ExitCodes.Usage);
        }

        var agentHome = AgentHome.Locate(reader.Value("--agent"), Environment.GetEnvironmentVariable);
        var appFolder = reader.Value("--app") is { } app ? AppFolder(app) : null;

        // The agent's own configuration rules: environment first, then its sightline.json.
        var (options, problems) = AgentOptionsLoader.Load(Environment.GetEnvironmentVariable, agentHome);
        var pluginsDirectory = Path.GetFullPath(options.PluginsDirectory, agentHome);
        var decisions = new DecisionLog();
        var plugins = PluginLoader.LoadFolder(pluginsDirectory, new PluginLoadContext(pluginsDirectory), decisions)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ThenBy(p => p.GetType().FullName, StringComparer.Ordinal)
            .ToList();

        AppSummary? summary = null;
        var entries = new List<PluginEntry>();
        if (appFolder is null)
        {
            entries.AddRange(plugins.Select(p => new PluginEntry(PluginDescription.Of(p, options.Plugins.IsEnabled(p.Id, p.EnabledByDefault)), null)));
        }
        else
        {
            var frameworks = Directory.EnumerateFiles(appFolder, "*.runtimeconfig.json").Order(StringComparer.Ordinal)
                .Select(RuntimeConfig.TryRead).OfType<RuntimeConfig>()
                .SelectMany(c => c.Frameworks)
                .ToList();
            var missing = new List<string>();
            var folders = SharedFrameworks.Resolve(SharedFrameworks.Root(Environment.GetEnvironmentVariable), frameworks, missing);
            using var assemblies = new AppAssemblies(appFolder, folders);
            var analyzer = new ActivationAnalyzer(assemblies, options.Plugins);
            foreach (var plugin in plugins)
            {
                ActivationVerdict verdict;
                try
                {
                    verdict = analyzer.Analyze(plugin);
                }
                catch (Exception ex)
                {
                    // A plugin whose rules throw is reported, never the end of the listing.
                    verdict = new ActivationVerdict(plugin.Id, false, $"could not be evaluated: {ex.GetType().Name}: {ex.Message}", [], []);
                }

                entries.Add(new PluginEntry(PluginDescription.Of(plugin, options.Plugins.IsEnabled(plugin.Id, plugin.EnabledByDefault)), verdict));
            }

            summary = new AppSummary(
                appFolder,
                Directory.EnumerateFiles(appFolder, "*.dll").Count(),
                folders.Select(f => $"{Path.GetFileName(Path.GetDirectoryName(f))} {Path.GetFileName(f)}").ToList(),
                missing);
        }

        var report = new PluginsReport(
            agentHome,
            pluginsDirectory,
            problems.Select(p => p.ToString()).ToList(),
            decisions.Snapshot().Select(d => d.ToString()).ToList(),
            summary,
            entries);
        if (reader.Flags.Contains("--json"))
        {
            PluginsReportWriter.WriteJson(report, output);
        }
        else
        {
            PluginsReportWriter.WriteText(report, output);
        }

        return ExitCodes.Success;
    }

    // --app names the app's folder; a path to its .dll or app host stands for the folder holding it.
    private static string AppFolder(string app)
    {
        var full = Path.GetFullPath(app);
        if (Directory.Exists(full))
        {
            return full;
        }

        if (File.Exists(full))
        {
            return Path.GetDirectoryName(full)!;
        }

        throw new LauncherException($"app folder not found: {full}. Point --app at the folder holding the app's build or publish output.");
    }
}
