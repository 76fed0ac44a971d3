using System.Reflection;
using Sightline.Core.Plugins.Views;
using Sightline.Spi.Plugins;

namespace Sightline.Core.Plugins;

/// <summary>
/// Evaluates every enabled plugin's rules against one assembly: witnesses first, then the class-match rules
/// (exact names looked up directly, the other kinds over the assembly's types, read once), then the method
/// matchers. Records a decision for everything it skips; returns the methods to put under interception.
/// </summary>
public sealed class PluginMatcher
{
    private readonly IReadOnlyList<SightlinePlugin> _plugins;
    private readonly AssemblyWitness?[] _targets;
    private readonly bool[] _requiresOutsideFramework;
    private readonly DecisionLog _decisions;

    /// <summary>Creates a matcher for the given plugins; disabled ones are recorded once and never evaluated.</summary>
    public PluginMatcher(IEnumerable<SightlinePlugin> plugins, PluginOptions options, DecisionLog decisions)
    {
        _decisions = decisions;
        var enabled = new List<SightlinePlugin>();
        foreach (var plugin in plugins)
        {
            if (options.IsEnabled(plugin.Id, plugin.EnabledByDefault))
            {
                enabled.Add(plugin);
            }
            else
            {
                decisions.Record(new PluginDecision(plugin.Id, null, "*", PluginOutcome.Disabled,
                    plugin.EnabledByDefault ? "excluded by configuration" : "opt-in plugin not included by configuration"));
            }
        }

        _plugins = enabled;

        // Read once: a plugin's target is often built (and its version range parsed) on every read.
        _targets = new AssemblyWitness?[enabled.Count];
        _requiresOutsideFramework = new bool[enabled.Count];
        for (var i = 0; i < enabled.Count; i++)
        {
            _targets[i] = enabled[i].TargetAssembly;
            _requiresOutsideFramework[i] = enabled[i].RequiredReference is { } required && !SharedFramework.Lists(required);
        }
    }

    /// <summary>The plugins that are switched on.</summary>
    public IReadOnlyList<SightlinePlugin> Plugins => _plugins;

    /// <summary>Returns the methods of <paramref name="assembly"/> that enabled plugins intercept.</summary>
    public IReadOnlyList<MatchedMethod> Match(Assembly assembly)
    {
        var matched = new List<MatchedMethod>();
        if (assembly.IsDynamic)
        {
            return matched;
        }

        Type[]? allTypes = null;
        bool? inFramework = null;
        var simpleName = WitnessEvaluator.SimpleName(assembly);
        for (var i = 0; i < _plugins.Count; i++)
        {
            var plugin = _plugins[i];
            var target = _targets[i];
            if (!WitnessEvaluator.Targets(target, simpleName))
            {
                continue;
            }

            if (plugin.RequiredReference is { } required && !MayReference(assembly, i, required, ref inFramework))
            {
                continue;
            }

            if (WitnessEvaluator.Check(plugin, target, null, assembly, plugin.WitnessTypes, plugin.WitnessMethods) is { } failed)
            {
                _decisions.Record(failed);
                continue;
            }

            foreach (var instrumentation in plugin.Instrumentations)
            {
                var types = CandidateTypes(plugin, instrumentation, assembly, ref allTypes);
                if (types.Count == 0)
                {
                    continue;
                }

                if (WitnessEvaluator.Check(plugin, null, instrumentation.Name, assembly, instrumentation.WitnessTypes, instrumentation.WitnessMethods) is { } failedHere)
                {
                    _decisions.Record(failedHere);
                    continue;
                }

                foreach (var type in types)
                {
                    AddMethods(plugin, instrumentation, type, matched);
                }
            }
        }

        return matched;
    }

    private bool MayReference(Assembly assembly, int plugin, string required, ref bool? inFramework)
    {
        // The shared framework references only itself: a hundred of its assemblies load with every web application, and
        // reading each one's references cost a quarter of a megabyte at start-up.
        if (_requiresOutsideFramework[plugin] && (inFramework ??= SharedFramework.Holds(assembly)))
        {
            return false;
        }

        return AssemblyMetadata.References(assembly, required);
    }

    private List<Type> CandidateTypes(SightlinePlugin plugin, Instrumentation instrumentation, Assembly assembly, ref Type[]? allTypes)
    {
        var rule = instrumentation.Types;
        var found = new List<Type>();
        IEnumerable<Type> pool;
        if (rule.CandidateNames is { } names)
        {
            pool = names.Select(n => assembly.GetType(n, throwOnError: false)).OfType<Type>();
        }
        else
        {
            pool = allTypes ??= LoadableTypes(assembly);
        }

        foreach (var type in pool)
        {
            // Interfaces have no bodies; compiler-generated types (state machines, closures) are reached through the
            // methods that own them, never by a rule over names.
            if (type.IsInterface || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false))
            {
                continue;
            }

            try
            {
                if (rule.Matches(new ReflectionTypeView(type)))
                {
                    found.Add(type);
                }
            }
            catch (Exception ex)
            {
                _decisions.Record(new PluginDecision(plugin.Id, instrumentation.Name, type.FullName ?? type.Name, PluginOutcome.MatchFailed,
                    $"evaluating {rule} threw {ex.GetType().Name}: {ex.Message}"));
            }
        }

        return found;
    }

    private void AddMethods(SightlinePlugin plugin, Instrumentation instrumentation, Type type, List<MatchedMethod> matched)
    {
        foreach (var point in instrumentation.InterceptPoints)
        {
            var view = new ReflectionTypeView(type, point.IncludeInherited);
            foreach (var method in view.DeclaredMethods.Cast<ReflectionMethodView>())
            {
                if (!IsOfKind(method, point.Kind))
                {
                    continue;
                }

                bool selected;
                try
                {
                    selected = point.Methods.Matches(method);
                }
                catch (Exception ex)
                {
                    _decisions.Record(new PluginDecision(plugin.Id, instrumentation.Name, method.ToString(), PluginOutcome.MatchFailed,
                        $"evaluating {point.Methods} threw {ex.GetType().Name}: {ex.Message}"));
                    continue;
                }

                if (!selected)
                {
                    continue;
                }

                if (method.IsAbstract)
                {
                    _decisions.Record(new PluginDecision(plugin.Id, instrumentation.Name, method.ToString(), PluginOutcome.BindingFailed,
                        "the method is abstract: intercept its concrete overrides instead (match the derived types)"));
                    continue;
                }

                matched.Add(new MatchedMethod(plugin, instrumentation, point, method.Method));
            }
        }
    }

    private static bool IsOfKind(ReflectionMethodView method, InterceptPointKind kind) => kind switch
    {
        InterceptPointKind.Constructor => method.IsConstructor,
        InterceptPointKind.StaticMethod => method.IsStatic && !method.IsConstructor,
        _ => !method.IsStatic && !method.IsConstructor,
    };

    // A type that fails to load (a missing dependency of one class) must not hide the others.
    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>().ToArray();
        }
    }
}
