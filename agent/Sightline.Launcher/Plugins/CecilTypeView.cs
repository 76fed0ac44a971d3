using Mono.Cecil;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Launcher.Plugins;

/// <summary>
/// An <see cref="ITypeView"/> over a type read with Mono.Cecil, never loaded: the launcher evaluates the same rules the
/// agent evaluates at run time. Base types and interfaces are resolved through the app's assemblies; one that cannot be
/// resolved ends the walk, as a type that fails to load would for the agent.
/// </summary>
internal sealed class CecilTypeView : ITypeView
{
    private readonly bool _includeInherited;
    private ITypeView? _baseType;
    private bool _baseResolved;
    private IReadOnlyCollection<string>? _interfaces;
    private IReadOnlyCollection<string>? _attributes;
    private IReadOnlyList<IMethodView>? _methods;

    public CecilTypeView(TypeDefinition type, bool includeInherited = false)
    {
        Type = type;
        _includeInherited = includeInherited;
        FullName = CecilTypeNames.Of(type);
    }

    public TypeDefinition Type { get; }

    public string FullName { get; }

    public bool IsInterface => Type.IsInterface;

    public bool IsAbstract => Type.IsAbstract;

    public ITypeView? BaseType
    {
        get
        {
            if (!_baseResolved)
            {
                _baseResolved = true;
                _baseType = TryResolve(Type.BaseType) is { } b ? new CecilTypeView(b) : null;
            }

            return _baseType;
        }
    }

    public IReadOnlyCollection<string> InterfaceNames => _interfaces ??= CollectInterfaces();

    public IReadOnlyCollection<string> AttributeNames => _attributes ??= AttributeNamesOf(Type.CustomAttributes);

    public IReadOnlyList<IMethodView> DeclaredMethods => _methods ??= LoadMethods();

    public static HashSet<string> AttributeNamesOf(IEnumerable<CustomAttribute> attributes) =>
        attributes.Select(a => CecilTypeNames.Of(a.AttributeType)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Resolves a reference to its definition, or null when its assembly is not among the app's.</summary>
    public static TypeDefinition? TryResolve(TypeReference? reference)
    {
        if (reference is null)
        {
            return null;
        }

        try
        {
            return reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    public override string ToString() => FullName;

    // Interfaces of the type, of its base types and of those interfaces, as Type.GetInterfaces() lists them.
    private HashSet<string> CollectInterfaces()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<TypeReference>();
        for (var t = Type; t is not null; t = TryResolve(t.BaseType))
        {
            foreach (var implementation in t.Interfaces)
            {
                pending.Push(implementation.InterfaceType);
            }
        }

        while (pending.TryPop(out var reference))
        {
            if (names.Add(CecilTypeNames.Of(reference)) && TryResolve(reference) is { } definition)
            {
                foreach (var inherited in definition.Interfaces)
                {
                    pending.Push(inherited.InterfaceType);
                }
            }
        }

        return names;
    }

    private List<IMethodView> LoadMethods()
    {
        var own = Type.Methods.Select(m => new CecilMethodView(m, inherited: false)).ToList();
        var methods = new List<IMethodView>();
        methods.AddRange(own.Where(m => m.Method.IsConstructor && !m.Method.IsStatic));
        methods.AddRange(own.Where(m => !m.Method.IsConstructor));
        if (_includeInherited)
        {
            var slots = new HashSet<string>(own.Select(m => m.SlotKey), StringComparer.Ordinal);
            for (var b = TryResolve(Type.BaseType); b is not null && b.FullName != "System.Object"; b = TryResolve(b.BaseType))
            {
                // An override further down already stands for its base method.
                var declared = b.Methods.Where(m => !m.IsConstructor).Select(m => new CecilMethodView(m, inherited: true)).ToList();
                methods.AddRange(declared.Where(m => !m.Method.IsPrivate && !slots.Contains(m.SlotKey)));
                slots.UnionWith(declared.Select(m => m.SlotKey));
            }
        }

        return methods;
    }
}
