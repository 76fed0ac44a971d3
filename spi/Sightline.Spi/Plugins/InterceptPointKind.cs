namespace Sightline.Spi.Plugins;

/// <summary>The kind of member an <see cref="InterceptPoint"/> intercepts.</summary>
public enum InterceptPointKind
{
    /// <summary>Instance constructors; the interceptor runs around the constructor body.</summary>
    Constructor,

    /// <summary>Instance methods, including virtual overrides.</summary>
    InstanceMethod,

    /// <summary>Static methods.</summary>
    StaticMethod,
}
