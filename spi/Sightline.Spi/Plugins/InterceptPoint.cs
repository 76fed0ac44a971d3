using Sightline.Spi.Plugins.Matching;

namespace Sightline.Spi.Plugins;

/// <summary>
/// Which methods of an enhanced type are intercepted and by which interceptor.
/// </summary>
/// <remarks>
/// The interceptor type is either an untyped interceptor (implements <see cref="Interception.IMethodInterceptor"/>
/// or <see cref="Interception.IConstructorInterceptor"/>, created once per intercept point with its parameterless
/// constructor) or a typed interceptor (a static class with <c>OnEnter</c>, <c>OnExit</c> and/or
/// <c>OnException</c> methods whose parameters are bound by name or position; see
/// <see cref="Interception.TypedInterceptorAttribute"/>).
/// </remarks>
public sealed record InterceptPoint
{
    /// <summary>Creates an intercept point.</summary>
    /// <param name="kind">Constructors, instance methods or static methods.</param>
    /// <param name="methods">The matcher the intercepted methods satisfy, within <paramref name="kind"/>.</param>
    /// <param name="interceptor">The interceptor type.</param>
    public InterceptPoint(InterceptPointKind kind, MethodMatch methods, Type interceptor)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(interceptor);
        Kind = kind;
        Methods = methods;
        Interceptor = interceptor;
    }

    /// <summary>Constructors, instance methods or static methods.</summary>
    public InterceptPointKind Kind { get; }

    /// <summary>The matcher the intercepted methods satisfy.</summary>
    public MethodMatch Methods { get; }

    /// <summary>The interceptor type.</summary>
    public Type Interceptor { get; }

    /// <summary>
    /// When true, an untyped interceptor's changes to <see cref="Interception.MethodInvocation.Arguments"/> in its
    /// before callback are passed to the original method (SkyWalking's <c>isOverrideArgs</c>).
    /// </summary>
    public bool OverrideArguments { get; init; }

    /// <summary>When true, methods the type inherits from a base class are considered too, not only its own.</summary>
    public bool IncludeInherited { get; init; }

    /// <summary>Intercepts the constructors <paramref name="methods"/> selects.</summary>
    public static InterceptPoint Constructors(MethodMatch methods, Type interceptor) => new(InterceptPointKind.Constructor, methods, interceptor);

    /// <summary>Intercepts the instance methods <paramref name="methods"/> selects.</summary>
    public static InterceptPoint InstanceMethods(MethodMatch methods, Type interceptor) => new(InterceptPointKind.InstanceMethod, methods, interceptor);

    /// <summary>Intercepts the static methods <paramref name="methods"/> selects.</summary>
    public static InterceptPoint StaticMethods(MethodMatch methods, Type interceptor) => new(InterceptPointKind.StaticMethod, methods, interceptor);
}
