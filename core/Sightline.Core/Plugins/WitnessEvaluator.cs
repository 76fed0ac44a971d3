using System.Reflection;
using System.Runtime.Loader;
using Sightline.Core.Plugins.Views;
using Sightline.Spi.Plugins;

namespace Sightline.Core.Plugins;

/// <summary>
/// Checks a plugin's witnesses against an assembly before anything is patched: the target assembly's name and
/// version range, then the witness types and methods. Types are looked up in the assembly first, then in the
/// assemblies its load context sees (its own context, then the default one), since a witness may live in a library
/// the target depends on; an assembly in an unrelated load context (another version of the library) never counts.
/// </summary>
internal static class WitnessEvaluator
{
    /// <summary>
    /// True when a plugin with <paramref name="target"/> (read once: the matcher asks this of every plugin for every
    /// assembly the app loads) is about the assembly named <paramref name="simpleName"/> (<see cref="SimpleName"/>), or
    /// about any assembly; false when it is not about it at all.
    /// </summary>
    public static bool Targets(AssemblyWitness? target, string simpleName) =>
        target is null || string.Equals(target.AssemblyName, simpleName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The assembly's simple name from its display name, which the runtime keeps: <see cref="Assembly.GetName()"/>
    /// builds a whole <see cref="AssemblyName"/> each time.
    /// </summary>
    public static string SimpleName(Assembly assembly)
    {
        var fullName = assembly.FullName ?? string.Empty;
        var comma = fullName.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? fullName : fullName[..comma];
    }

    /// <summary>
    /// Returns null when every witness holds, else the failing check as a decision. <paramref name="target"/> is the
    /// version range to check: the plugin's target, read once, at the plugin level; null at the instrumentation level.
    /// </summary>
    public static PluginDecision? Check(
        SightlinePlugin plugin,
        AssemblyWitness? target,
        string? instrumentation,
        Assembly assembly,
        IEnumerable<string> witnessTypes,
        IEnumerable<MethodWitness> witnessMethods)
    {
        if (target is not null)
        {
            var version = assembly.GetName().Version ?? new Version(0, 0);
            if (!target.Versions.Contains(version))
            {
                return new PluginDecision(plugin.Id, null, SimpleName(assembly), PluginOutcome.VersionOutOfRange,
                    $"assembly version {version} is outside the supported range {target.Versions}");
            }
        }

        foreach (var typeName in witnessTypes)
        {
            if (Find(assembly, typeName) is null)
            {
                return new PluginDecision(plugin.Id, instrumentation, SimpleName(assembly), PluginOutcome.WitnessTypeMissing,
                    $"witness type {typeName} does not exist");
            }
        }

        foreach (var witness in witnessMethods)
        {
            var type = Find(assembly, witness.TypeName);
            var view = type is null ? null : new ReflectionTypeView(type);
            if (view is null || !view.DeclaredMethods.Any(witness.Method.Matches))
            {
                return new PluginDecision(plugin.Id, instrumentation, SimpleName(assembly), PluginOutcome.WitnessMethodMissing,
                    type is null
                        ? $"witness method {witness.Method} cannot exist: its type {witness.TypeName} does not exist"
                        : $"witness method {witness.Method} does not exist on {witness.TypeName}");
            }
        }

        return null;
    }

    private static Type? Find(Assembly assembly, string typeName)
    {
        var found = assembly.GetType(typeName, throwOnError: false);
        if (found is not null)
        {
            return found;
        }

        var own = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
        var visible = own == AssemblyLoadContext.Default ? own.Assemblies : own.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies);
        foreach (var other in visible)
        {
            if (other != assembly && !other.IsDynamic && other.GetType(typeName, throwOnError: false) is { } t)
            {
                return t;
            }
        }

        return null;
    }
}
