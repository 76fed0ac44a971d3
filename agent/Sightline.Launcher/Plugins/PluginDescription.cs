using Sightline.Spi.Plugins;

namespace Sightline.Launcher.Plugins;

/// <summary>A plugin's declared rules as text: what <c>sightline plugins</c> prints for every plugin, app or not.</summary>
internal sealed record PluginDescription(
    string Id,
    bool EnabledByDefault,
    bool Enabled,
    string Assembly,
    string Target,
    IReadOnlyList<string> Witnesses,
    IReadOnlyList<InstrumentationDescription> Instrumentations)
{
    public static PluginDescription Of(SightlinePlugin plugin, bool enabled)
    {
        var witnesses = plugin.WitnessTypes.Select(t => "type " + t)
            .Concat(plugin.WitnessMethods.Select(m => $"method {m.TypeName} {m.Method}"))
            .ToList();
        return new PluginDescription(
            plugin.Id,
            plugin.EnabledByDefault,
            enabled,
            plugin.GetType().Assembly.GetName().Name ?? "?",
            plugin.TargetAssembly is { } t ? $"{t.AssemblyName} {t.Versions}" : "any assembly",
            witnesses,
            plugin.Instrumentations.Select(InstrumentationDescription.Of).ToList());
    }
}
