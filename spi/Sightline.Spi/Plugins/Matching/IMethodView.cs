namespace Sightline.Spi.Plugins.Matching;

/// <summary>What a method matcher can see of a method or constructor.</summary>
/// <remarks>
/// Parameter and return type names follow <see cref="ITypeView"/>'s naming; a by-ref parameter ends in
/// <c>&amp;</c> and an array in <c>[]</c>, for example <c>System.Int32&amp;</c> or <c>System.String[]</c>.
/// </remarks>
public interface IMethodView
{
    /// <summary>The method name; <c>.ctor</c> for an instance constructor.</summary>
    string Name { get; }

    /// <summary>True for an instance constructor.</summary>
    bool IsConstructor { get; }

    /// <summary>True for a static method.</summary>
    bool IsStatic { get; }

    /// <summary>True for an abstract method, which has no body to intercept.</summary>
    bool IsAbstract { get; }

    /// <summary>
    /// True when the method is declared by a base class of the type being matched, not by the type itself.
    /// Only intercept points that ask for inherited methods see such methods.
    /// </summary>
    bool IsInherited { get; }

    /// <summary>The declared accessibility.</summary>
    MethodVisibility Visibility { get; }

    /// <summary>The full name of the return type; <c>System.Void</c> for none.</summary>
    string ReturnTypeName { get; }

    /// <summary>The full names of the parameter types, in order.</summary>
    IReadOnlyList<string> ParameterTypeNames { get; }

    /// <summary>The full names of the attributes declared on the method.</summary>
    IReadOnlyCollection<string> AttributeNames { get; }
}
