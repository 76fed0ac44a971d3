using Mono.Cecil;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Launcher.Plugins;

/// <summary>An <see cref="IMethodView"/> over a method read from metadata, as the agent's reflection view sees it loaded.</summary>
internal sealed class CecilMethodView(MethodDefinition method, bool inherited) : IMethodView
{
    private IReadOnlyList<string>? _parameters;
    private IReadOnlyCollection<string>? _attributes;

    public MethodDefinition Method { get; } = method;

    public string Name => Method.Name;

    public bool IsConstructor => Method.IsConstructor && !Method.IsStatic;

    public bool IsStatic => Method.IsStatic;

    public bool IsAbstract => Method.IsAbstract;

    public bool IsInherited { get; } = inherited;

    public MethodVisibility Visibility => (Method.Attributes & MethodAttributes.MemberAccessMask) switch
    {
        MethodAttributes.Public => MethodVisibility.Public,
        MethodAttributes.Family => MethodVisibility.Protected,
        MethodAttributes.Assembly => MethodVisibility.Internal,
        MethodAttributes.FamORAssem => MethodVisibility.ProtectedInternal,
        MethodAttributes.FamANDAssem => MethodVisibility.PrivateProtected,
        _ => MethodVisibility.Private,
    };

    public string ReturnTypeName => Method.IsConstructor ? "System.Void" : CecilTypeNames.Of(Method.ReturnType);

    public IReadOnlyList<string> ParameterTypeNames => _parameters ??= Method.Parameters.Select(p => CecilTypeNames.Of(p.ParameterType)).ToArray();

    public IReadOnlyCollection<string> AttributeNames => _attributes ??= CecilTypeView.AttributeNamesOf(Method.CustomAttributes);

    /// <summary>
    /// Stands for the method's slot: an override and the virtual method it overrides share it, as with reflection's
    /// GetBaseDefinition (a <c>new virtual</c> method that hides one of the same signature is taken as the same slot).
    /// </summary>
    public string SlotKey => Method.IsVirtual
        ? $"virtual {Name}({string.Join(", ", ParameterTypeNames)})"
        : Method.FullName;

    public override string ToString() => $"{CecilTypeNames.Of(Method.DeclaringType)}.{Name}({string.Join(", ", ParameterTypeNames)})";
}
