namespace Sightline.Core.Interception;

/// <summary>Where a typed interceptor parameter's value comes from.</summary>
internal enum ParameterKind
{
    Instance,
    Argument,
    Result,
    State,
    Exception,
    Method,
}

/// <summary>One bound parameter of a typed interceptor method.</summary>
/// <param name="Kind">What it receives.</param>
/// <param name="Position">For an argument, its position in the target's parameter list.</param>
/// <param name="Type">The parameter's declared type (by-ref included).</param>
internal sealed record ParameterSource(ParameterKind Kind, int Position, Type Type);
