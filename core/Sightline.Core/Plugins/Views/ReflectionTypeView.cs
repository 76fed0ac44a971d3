using System.Reflection;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Plugins.Views;

/// <summary>An <see cref="ITypeView"/> over a loaded type, computing each part only when a rule asks for it.</summary>
internal sealed class ReflectionTypeView : ITypeView
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private readonly bool _includeInherited;
    private ITypeView? _baseType;
    private IReadOnlyCollection<string>? _interfaces;
    private IReadOnlyCollection<string>? _attributes;
    private IReadOnlyList<IMethodView>? _methods;

    public ReflectionTypeView(Type type, bool includeInherited = false)
    {
        Type = type;
        _includeInherited = includeInherited;
        FullName = TypeNames.Of(type);
    }

    public Type Type { get; }

    public string FullName { get; }

    public bool IsInterface => Type.IsInterface;

    public bool IsAbstract => Type.IsAbstract;

    public ITypeView? BaseType => Type.BaseType is { } b ? _baseType ??= new ReflectionTypeView(b) : null;

    public IReadOnlyCollection<string> InterfaceNames => _interfaces ??= Type.GetInterfaces().Select(TypeNames.Of).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> AttributeNames => _attributes ??= AttributeNamesOf(Type.GetCustomAttributesData());

    public IReadOnlyList<IMethodView> DeclaredMethods => _methods ??= LoadMethods();

    public static HashSet<string> AttributeNamesOf(IList<CustomAttributeData> attributes) =>
        attributes.Select(a => TypeNames.Of(a.AttributeType)).ToHashSet(StringComparer.Ordinal);

    public override string ToString() => FullName;

    private List<IMethodView> LoadMethods()
    {
        var methods = new List<IMethodView>();
        methods.AddRange(Type.GetConstructors(Declared).Where(c => !c.IsStatic).Select(c => new ReflectionMethodView(c, inherited: false)));
        methods.AddRange(Type.GetMethods(Declared).Select(m => new ReflectionMethodView(m, inherited: false)));
        if (_includeInherited)
        {
            var own = new HashSet<MethodInfo>(Type.GetMethods(Declared).Select(m => m.GetBaseDefinition()));
            for (var b = Type.BaseType; b is not null && b != typeof(object); b = b.BaseType)
            {
                // An override further down already stands for its base method.
                methods.AddRange(b.GetMethods(Declared)
                    .Where(m => !m.IsPrivate && !own.Contains(m.GetBaseDefinition()))
                    .Select(m => new ReflectionMethodView(m, inherited: true)));
                foreach (var m in b.GetMethods(Declared))
                {
                    own.Add(m.GetBaseDefinition());
                }
            }
        }

        return methods;
    }
}
