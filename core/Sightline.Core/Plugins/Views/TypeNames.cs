namespace Sightline.Core.Plugins.Views;

/// <summary>Spells a run-time type the way match rules name types (see <c>ITypeView</c>'s remarks).</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (type.IsByRef)
        {
            return Of(type.GetElementType()!) + "&";
        }

        if (type.IsArray)
        {
            return Of(type.GetElementType()!) + "[]";
        }

        if (type.IsPointer)
        {
            return Of(type.GetElementType()!) + "*";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        // Generic instantiations are named by their definition: Task<int> matches "System.Threading.Tasks.Task`1".
        var definition = type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type;
        return definition.FullName ?? definition.Name;
    }
}
