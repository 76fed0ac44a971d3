namespace Sightline.Spi.Plugins.Matching;

/// <summary>
/// What a class-match rule can see of a type. The agent supplies it from run-time reflection when an
/// assembly loads, and the launcher from metadata read with Mono.Cecil, so rules never need the type itself.
/// </summary>
/// <remarks>
/// Type names are full names without assembly qualification. Generic type definitions carry their arity
/// (<c>System.Threading.Tasks.Task`1</c>), nested types use <c>+</c> (<c>Outer+Inner</c>).
/// </remarks>
public interface ITypeView
{
    /// <summary>The full name, for example <c>Microsoft.Data.Sqlite.SqliteCommand</c>.</summary>
    string FullName { get; }

    /// <summary>True for interfaces, which are never enhanced themselves.</summary>
    bool IsInterface { get; }

    /// <summary>True for abstract classes.</summary>
    bool IsAbstract { get; }

    /// <summary>The direct base type, or null for <c>System.Object</c> and interfaces.</summary>
    ITypeView? BaseType { get; }

    /// <summary>The full names of every interface the type implements, including inherited ones.</summary>
    IReadOnlyCollection<string> InterfaceNames { get; }

    /// <summary>The full names of the attributes declared on the type itself.</summary>
    IReadOnlyCollection<string> AttributeNames { get; }

    /// <summary>The methods and constructors the type declares (not inherited ones).</summary>
    IReadOnlyList<IMethodView> DeclaredMethods { get; }
}
