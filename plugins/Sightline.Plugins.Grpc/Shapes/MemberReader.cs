using System.Linq.Expressions;
using System.Reflection;

namespace Sightline.Plugins.Grpc.Shapes;

/// <summary>
/// Compiles getters for members of types the plugin cannot reference (it sees Sightline.Spi only): built once per
/// run-time type, then as cheap as a direct call. A member that does not exist throws here, at build time.
/// </summary>
internal static class MemberReader
{
    /// <summary>A getter for a chain of properties, for example <c>Request.Path.Value</c>, read from an object of <paramref name="root"/>.</summary>
    public static Func<object, T> Compile<T>(Type root, string path)
    {
        var parameter = Expression.Parameter(typeof(object), "instance");
        Expression body = Expression.Convert(parameter, root);
        foreach (var name in path.Split('.'))
        {
            body = Expression.Property(body, name);
        }

        return Expression.Lambda<Func<object, T>>(Convert(body, typeof(T)), parameter).Compile();
    }

    /// <summary>Finds a type by full name in <paramref name="type"/>'s own hierarchy (for example the abstract <c>HttpContext</c> of a <c>DefaultHttpContext</c>).</summary>
    public static Type BaseNamed(Type type, string fullName)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            if (current.FullName == fullName)
            {
                return current;
            }
        }

        throw new MissingMemberException($"{type.FullName} does not derive from {fullName}");
    }

    /// <summary>The instance property <paramref name="name"/> declared on <paramref name="type"/> with these index parameters.</summary>
    public static PropertyInfo Property(Type type, string name, params Type[] index) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance, null, null, index, null)
        ?? throw new MissingMemberException(type.FullName, name);

    public static Expression Convert(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);
}
