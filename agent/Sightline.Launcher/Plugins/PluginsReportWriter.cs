using System.Text.Json;

namespace Sightline.Launcher.Plugins;

/// <summary>Prints a <see cref="PluginsReport"/>: aligned plain text for people, or indented JSON for scripts.</summary>
internal static class PluginsReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void WriteJson(PluginsReport report, TextWriter output) => output.WriteLine(JsonSerializer.Serialize(report, Json));

    public static void WriteText(PluginsReport report, TextWriter output)
    {
        output.WriteLine($"Agent:          {report.AgentHome}");
        output.WriteLine($"Plugins folder: {report.PluginsDirectory} ({Count(report.Plugins.Count, "plugin")})");
        if (report.App is { } app)
        {
            output.WriteLine($"App:            {app.Folder} ({Count(app.AssemblyCount, "assembly file")}; "
                + (app.Frameworks.Count == 0 ? "no shared framework" : "frameworks " + string.Join(", ", app.Frameworks)) + ")");
            foreach (var missing in app.MissingFrameworks)
            {
                output.WriteLine($"  warning: shared framework {missing} is not installed here; its assemblies were not read");
            }
        }

        foreach (var problem in report.ConfigurationProblems)
        {
            output.WriteLine("  configuration: " + problem);
        }

        foreach (var entry in report.Plugins)
        {
            var plugin = entry.Plugin;
            output.WriteLine();
            output.WriteLine($"{plugin.Id}  [{State(plugin)}]");
            output.WriteLine($"  assembly:  {plugin.Assembly}");
            output.WriteLine($"  target:    {plugin.Target}");
            foreach (var witness in plugin.Witnesses)
            {
                output.WriteLine($"  witness:   {witness}");
            }

            foreach (var instrumentation in plugin.Instrumentations)
            {
                output.WriteLine($"  instrumentation {instrumentation.Name}");
                output.WriteLine($"    types:   {instrumentation.Types}");
                foreach (var point in instrumentation.InterceptPoints)
                {
                    output.WriteLine($"    methods: {point}");
                }

                foreach (var witness in instrumentation.Witnesses)
                {
                    output.WriteLine($"    witness: {witness}");
                }
            }

            if (entry.Activation is { } verdict)
            {
                output.WriteLine($"  app:       {verdict.Summary}");
                foreach (var method in verdict.Methods)
                {
                    output.WriteLine($"    intercepts {method}");
                }

                foreach (var note in verdict.Notes)
                {
                    output.WriteLine($"    note: {note}");
                }
            }
        }

        if (report.LoadFailures.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Not loaded:");
            foreach (var failure in report.LoadFailures)
            {
                output.WriteLine("  " + failure);
            }
        }
    }

    private static string State(PluginDescription plugin) => (plugin.EnabledByDefault, plugin.Enabled) switch
    {
        (true, true) => "on by default",
        (true, false) => "on by default; excluded by configuration",
        (false, true) => "opt-in; included by configuration",
        _ => "opt-in; not included",
    };

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
