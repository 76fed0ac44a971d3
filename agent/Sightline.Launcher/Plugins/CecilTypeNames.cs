using Mono.Cecil;

namespace Sightline.Launcher.Plugins;

/// <summary>
/// Spells a metadata type the way match rules name types, as the agent's TypeNames does for run-time types: generic
/// instances by their definition (<c>System.Threading.Tasks.Task`1</c>), nested types with <c>+</c>, by-ref with
/// <c>&amp;</c>, arrays with <c>[]</c>, custom modifiers dropped (an <c>in</c> parameter is <c>System.Int32&amp;</c>).
/// </summary>
internal static class CecilTypeNames
{
    public static string Of(TypeReference type) => type switch
    {
        ByReferenceType byRef => Of(byRef.ElementType) + "&",
        ArrayType array => Of(array.ElementType) + "[]",
        PointerType pointer => Of(pointer.ElementType) + "*",
        GenericInstanceType generic => Of(generic.ElementType),
        RequiredModifierType required => Of(required.ElementType),
        OptionalModifierType optional => Of(optional.ElementType),
        PinnedType pinned => Of(pinned.ElementType),
        GenericParameter parameter => parameter.Name,
        _ => Plain(type),
    };

    private static string Plain(TypeReference type) =>
        type.IsNested ? Plain(type.DeclaringType) + "+" + type.Name
        : string.IsNullOrEmpty(type.Namespace) ? type.Name
        : type.Namespace + "." + type.Name;
}
