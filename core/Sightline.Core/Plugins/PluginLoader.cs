using System.Reflection;
using System.Runtime.Loader;
using Sightline.Spi.Plugins;

namespace Sightline.Core.Plugins;

/// <summary>
/// Finds plugins: every <c>*.dll</c> of the plugins folder is loaded into the given load context and every public,
/// non-abstract <see cref="SightlinePlugin"/> subclass with a parameterless constructor is created. A file or type
/// that fails is recorded as <see cref="PluginOutcome.LoadFailed"/> and the others still load.
/// </summary>
public static class PluginLoader
{
    /// <summary>Loads the plugins of <paramref name="folder"/>; a missing folder yields no plugins and one decision.</summary>
    public static IReadOnlyList<SightlinePlugin> LoadFolder(string folder, AssemblyLoadContext context, DecisionLog decisions)
    {
        var plugins = new List<SightlinePlugin>();
        if (!Directory.Exists(folder))
        {
            decisions.Record(new PluginDecision("*", null, folder, PluginOutcome.LoadFailed, "the plugins folder does not exist; no plugin is loaded"));
            return plugins;
        }

        // An array sorted in place: LINQ's ordering cost more at its first use, at every start, than the sort.
        var files = Directory.GetFiles(folder, "*.dll");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(Path.GetFullPath(file));
            }
            catch (Exception ex)
            {
                decisions.Record(new PluginDecision(Path.GetFileName(file), null, file, PluginOutcome.LoadFailed,
                    $"the assembly could not be loaded: {ex.GetType().Name}: {ex.Message}"));
                continue;
            }

            plugins.AddRange(FromAssembly(assembly, decisions));
        }

        return plugins;
    }

    /// <summary>Creates the plugins an assembly declares.</summary>
    public static IReadOnlyList<SightlinePlugin> FromAssembly(Assembly assembly, DecisionLog decisions)
    {
        var plugins = new List<SightlinePlugin>();
        IEnumerable<Type> types;
        try
        {
            types = PluginTypeCandidates.Of(assembly) ?? assembly.GetExportedTypes();
        }
        catch (Exception ex)
        {
            decisions.Record(new PluginDecision(assembly.GetName().Name ?? "?", null, assembly.FullName ?? "?", PluginOutcome.LoadFailed,
                $"its types could not be read: {ex.GetType().Name}: {ex.Message}"));
            return plugins;
        }

        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && typeof(SightlinePlugin).IsAssignableFrom(t)))
        {
            try
            {
                plugins.Add((SightlinePlugin)Activator.CreateInstance(type)!);
            }
            catch (Exception ex)
            {
                var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                decisions.Record(new PluginDecision(type.FullName ?? type.Name, null, assembly.GetName().Name ?? "?", PluginOutcome.LoadFailed,
                    $"the plugin could not be created: {cause.GetType().Name}: {cause.Message}"));
            }
        }

        return plugins;
    }
}
