using Mono.Cecil;
using Sightline.Core.Plugins;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Launcher.Plugins;

/// <summary>
/// Decides, from metadata alone, what each plugin would do in an app, following the agent's PluginMatcher and
/// WitnessEvaluator step by step: configuration, target assembly and version range, witness types and methods, the
/// class-match rule (never interfaces or compiler-generated types), the intercept points (abstract methods refused).
/// </summary>
internal sealed class ActivationAnalyzer(AppAssemblies assemblies, PluginOptions options)
{
    private const string CompilerGenerated = "System.Runtime.CompilerServices.CompilerGeneratedAttribute";

    private readonly Dictionary<AssemblyDefinition, Dictionary<string, TypeDefinition>> _types = [];

    public ActivationVerdict Analyze(SightlinePlugin plugin)
    {
        if (!options.IsEnabled(plugin.Id, plugin.EnabledByDefault))
        {
            return NotActive(plugin, plugin.EnabledByDefault
                ? "disabled by configuration: its id is in plugins.exclude (SIGHTLINE_PLUGINS_EXCLUDE or sightline.json)"
                : "opt-in plugin not switched on: add its id to plugins.include (SIGHTLINE_PLUGINS_INCLUDE or sightline.json)");
        }

        IEnumerable<AssemblyDefinition> targets;
        if (plugin.TargetAssembly is { } target)
        {
            if (assemblies.Find(target.AssemblyName) is not { } found)
            {
                return NotActive(plugin, $"its target assembly {target.AssemblyName} is not among the app's assemblies or its shared frameworks'");
            }

            targets = [found];
        }
        else
        {
            targets = assemblies.Names.Select(assemblies.Find).OfType<AssemblyDefinition>();
        }

        var methods = new List<string>();
        var notes = new List<string>();
        var activated = new List<string>();
        string? firstFailure = null;
        foreach (var assembly in targets)
        {
            if (Check(plugin, null, assembly, plugin.WitnessTypes, plugin.WitnessMethods) is { } failed)
            {
                firstFailure ??= failed;
                continue;
            }

            var before = methods.Count;
            var types = new HashSet<string>(StringComparer.Ordinal);
            foreach (var instrumentation in plugin.Instrumentations)
            {
                Match(plugin, instrumentation, assembly, methods, types, notes);
            }

            if (methods.Count > before)
            {
                var count = methods.Count - before;
                activated.Add($"{assembly.Name.Name} {assembly.Name.Version}: {Plural(count, "method")} in {Plural(types.Count, "type")} ({string.Join(", ", types.Order(StringComparer.Ordinal))})");
            }
        }

        if (activated.Count > 0)
        {
            return new ActivationVerdict(plugin.Id, true, "would activate on " + string.Join("; ", activated), methods, notes);
        }

        var reason = firstFailure
            ?? (plugin.TargetAssembly is { } t
                ? $"no type or method in {t.AssemblyName} matched its rules"
                : "no type or method in any of the app's assemblies matched its rules");
        return new ActivationVerdict(plugin.Id, false, "would not activate: " + reason, [], notes);
    }

    private static ActivationVerdict NotActive(SightlinePlugin plugin, string reason) =>
        new(plugin.Id, false, "would not activate: " + reason, [], []);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private void Match(SightlinePlugin plugin, Instrumentation instrumentation, AssemblyDefinition assembly, List<string> methods, HashSet<string> typeNames, List<string> notes)
    {
        var rule = instrumentation.Types;
        var candidates = rule.CandidateNames is { } names
            ? names.Select(n => TypesOf(assembly).GetValueOrDefault(n)).OfType<TypeDefinition>()
            : TypesOf(assembly).Values;
        var matched = new List<TypeDefinition>();
        foreach (var type in candidates)
        {
            if (type.IsInterface || type.CustomAttributes.Any(a => a.AttributeType.FullName == CompilerGenerated))
            {
                continue;
            }

            try
            {
                if (rule.Matches(new CecilTypeView(type)))
                {
                    matched.Add(type);
                }
            }
            catch (Exception ex)
            {
                notes.Add($"{instrumentation.Name}: evaluating {rule} on {CecilTypeNames.Of(type)} threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        if (matched.Count == 0)
        {
            if (plugin.TargetAssembly is not null)
            {
                notes.Add($"{instrumentation.Name}: no type in {assembly.Name.Name} matched {rule}");
            }

            return;
        }

        if (Check(plugin, instrumentation.Name, assembly, instrumentation.WitnessTypes, instrumentation.WitnessMethods) is { } failed)
        {
            notes.Add($"{instrumentation.Name}: skipped: {failed}");
            return;
        }

        var before = methods.Count;
        foreach (var type in matched.OrderBy(CecilTypeNames.Of, StringComparer.Ordinal))
        {
            foreach (var point in instrumentation.InterceptPoints)
            {
                var view = new CecilTypeView(type, point.IncludeInherited);
                foreach (var method in view.DeclaredMethods.Cast<CecilMethodView>().Where(m => IsOfKind(m, point.Kind)))
                {
                    bool selected;
                    try
                    {
                        selected = point.Methods.Matches(method);
                    }
                    catch (Exception ex)
                    {
                        notes.Add($"{instrumentation.Name}: evaluating {point.Methods} on {method} threw {ex.GetType().Name}: {ex.Message}");
                        continue;
                    }

                    if (!selected)
                    {
                        continue;
                    }

                    if (method.IsAbstract)
                    {
                        notes.Add($"{instrumentation.Name}: {method} is abstract and cannot be intercepted: match its concrete overrides instead");
                        continue;
                    }

                    methods.Add($"{instrumentation.Name}: {method}");
                    typeNames.Add(CecilTypeNames.Of(type));
                }
            }
        }

        if (methods.Count == before)
        {
            notes.Add($"{instrumentation.Name}: types matched ({string.Join(", ", matched.Select(CecilTypeNames.Of).Order(StringComparer.Ordinal))}) but no method matched "
                + string.Join(" or ", instrumentation.InterceptPoints.Select(p => $"{p.Kind} {p.Methods}")));
        }
    }

    private static bool IsOfKind(CecilMethodView method, InterceptPointKind kind) => kind switch
    {
        InterceptPointKind.Constructor => method.IsConstructor,
        InterceptPointKind.StaticMethod => method.IsStatic && !method.Method.IsConstructor,
        _ => !method.IsStatic && !method.IsConstructor,
    };

    // The agent's WitnessEvaluator.Check, over metadata: the version range (plugin level only), witness types, witness methods.
    private string? Check(SightlinePlugin plugin, string? instrumentation, AssemblyDefinition assembly, IEnumerable<string> witnessTypes, IEnumerable<MethodWitness> witnessMethods)
    {
        var name = assembly.Name.Name;
        if (instrumentation is null && plugin.TargetAssembly is { } target && !target.Versions.Contains(assembly.Name.Version))
        {
            return $"{name} version {assembly.Name.Version} is outside the supported range {target.Versions}";
        }

        foreach (var typeName in witnessTypes)
        {
            if (FindType(assembly, typeName) is null)
            {
                return $"witness type {typeName} does not exist (looked in {name} and the assemblies it can see)";
            }
        }

        foreach (var witness in witnessMethods)
        {
            var type = FindType(assembly, witness.TypeName);
            if (type is null)
            {
                return $"witness method {witness.Method} cannot exist: its type {witness.TypeName} does not exist";
            }

            if (!new CecilTypeView(type).DeclaredMethods.Any(witness.Method.Matches))
            {
                return $"witness method {witness.Method} does not exist on {witness.TypeName}";
            }
        }

        return null;
    }

    // As the agent: the assembly itself first, then every other assembly the app runs with.
    private TypeDefinition? FindType(AssemblyDefinition assembly, string name)
    {
        if (TypesOf(assembly).GetValueOrDefault(name) is { } own)
        {
            return own;
        }

        foreach (var other in assemblies.Names.Select(assemblies.Find).OfType<AssemblyDefinition>())
        {
            if (other != assembly && TypesOf(other).GetValueOrDefault(name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private Dictionary<string, TypeDefinition> TypesOf(AssemblyDefinition assembly)
    {
        if (!_types.TryGetValue(assembly, out var types))
        {
            types = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
            var pending = new Stack<TypeDefinition>(assembly.Modules.SelectMany(m => m.Types));
            while (pending.TryPop(out var type))
            {
                types.TryAdd(CecilTypeNames.Of(type), type);
                foreach (var nested in type.NestedTypes)
                {
                    pending.Push(nested);
                }
            }

            _types[assembly] = types;
        }

        return types;
    }
}
