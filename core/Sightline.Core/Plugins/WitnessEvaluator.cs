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
    /// <summary>True when the plugin targets this assembly (or any assembly); false when it is not about it at all.</summary>
    public static bool Targets(SightlinePlugin plugin, Assembly assembly) =>
        plugin.TargetAssembly is not { } target || string.Equals(target.AssemblyName, assembly.GetName().Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns null when every witness holds, else the failing check as a decision.</summary>
    public static PluginDecision? Check(
        SightlinePlugin plugin,
        string? instrumentation,
        Assembly assembly,
        IEnumerable<string> witnessTypes,
        IEnumerable<MethodWitness> witnessMethods)
    {
        var assemblyName = assembly.GetName();
        if (instrumentation is null && plugin.TargetAssembly is { } target)
        {
            var version = assemblyName.Version ?? new Version(0, 0);
            if (!target.Versions.Contains(version))
            {
                return new PluginDecision(plugin.Id, null, assemblyName.Name ?? "?", PluginOutcome.VersionOutOfRange,
                    $"assembly version {version} is outside the supported range {target.Versions}");
            }
        }

        foreach (var typeName in witnessTypes)
        {
            if (Find(assembly, typeName) is null)
            {
                return new PluginDecision(plugin.Id, instrumentation, assemblyName.Name ?? "?", PluginOutcome.WitnessTypeMissing,
                    $"witness type {typeName} does not exist");
            }
        }

        foreach (var witness in witnessMethods)
        {
            var type = Find(assembly, witness.TypeName);
            var view = type is null ? null : new ReflectionTypeView(type);
            if (view is null || !view.DeclaredMethods.Any(witness.Method.Matches))
            {
                return new PluginDecision(plugin.Id, instrumentation, assemblyName.Name ?? "?", PluginOutcome.WitnessMethodMissing,
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
