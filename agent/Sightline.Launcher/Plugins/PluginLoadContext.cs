using System.Reflection;
using System.Runtime.Loader;

namespace Sightline.Launcher.Plugins;

/// <summary>
/// Loads plugin assemblies from the plugins folder while sharing the launcher's own Sightline.Spi, so the plugin types
/// derive from the SightlinePlugin the launcher knows (as the agent's load context shares its Spi with its plugins).
/// </summary>
internal sealed class PluginLoadContext(string folder) : AssemblyLoadContext("sightline-plugins")
{
    private static readonly string SpiName = typeof(Spi.Plugins.SightlinePlugin).Assembly.GetName().Name!;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, SpiName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var file = Path.Combine(folder, assemblyName.Name + ".dll");
        return File.Exists(file) ? LoadFromAssemblyPath(Path.GetFullPath(file)) : null;
    }
}
