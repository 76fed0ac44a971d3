using System.Reflection;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Plugins.Views;

/// <summary>An <see cref="IMethodView"/> over a loaded method or constructor.</summary>
internal sealed class ReflectionMethodView(MethodBase method, bool inherited) : IMethodView
{
    private IReadOnlyList<string>? _parameters;
    private IReadOnlyCollection<string>? _attributes;

    public MethodBase Method { get; } = method;

    public string Name => Method.Name;

    public bool IsConstructor => Method.IsConstructor;

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

    public string ReturnTypeName => Method is MethodInfo m ? TypeNames.Of(m.ReturnType) : "System.Void";

    public IReadOnlyList<string> ParameterTypeNames => _parameters ??= Method.GetParameters().Select(p => TypeNames.Of(p.ParameterType)).ToArray();

    public IReadOnlyCollection<string> AttributeNames => _attributes ??= ReflectionTypeView.AttributeNamesOf(Method.GetCustomAttributesData());

    public override string ToString() => $"{Method.DeclaringType?.FullName}.{Method.Name}({string.Join(", ", ParameterTypeNames)})";
}
