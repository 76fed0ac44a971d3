namespace Sightline.Core.Plugins;

/// <summary>Which plugins run: by default every plugin that is on by default, less the excluded ones.</summary>
/// <param name="Excluded">Plugin ids switched off (<c>SIGHTLINE_PLUGINS_EXCLUDE</c>), compared case-insensitively.</param>
/// <param name="Included">Opt-in plugin ids switched on (<c>SIGHTLINE_PLUGINS_INCLUDE</c>).</param>
public sealed record PluginOptions(IReadOnlySet<string> Excluded, IReadOnlySet<string> Included)
{
    /// <summary>Every default plugin on, nothing excluded.</summary>
    public static PluginOptions Default { get; } = new(new HashSet<string>(), new HashSet<string>());

    /// <summary>Says whether the plugin with this id and default runs.</summary>
    public bool IsEnabled(string id, bool enabledByDefault) =>
        !Contains(Excluded, id) && (enabledByDefault || Contains(Included, id));

    private static bool Contains(IReadOnlySet<string> set, string id) => set.Any(s => string.Equals(s, id, StringComparison.OrdinalIgnoreCase));
}
