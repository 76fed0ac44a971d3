namespace Sightline.Spi.Plugins.Matching;

/// <summary>A method's declared accessibility, as flags so a matcher can accept several.</summary>
[Flags]
public enum MethodVisibility
{
    /// <summary>No accessibility; matches nothing.</summary>
    None = 0,

    /// <summary><c>public</c>.</summary>
    Public = 1,

    /// <summary><c>protected</c>.</summary>
    Protected = 2,

    /// <summary><c>internal</c>.</summary>
    Internal = 4,

    /// <summary><c>protected internal</c>.</summary>
    ProtectedInternal = 8,

    /// <summary><c>private protected</c>.</summary>
    PrivateProtected = 16,

    /// <summary><c>private</c>.</summary>
    Private = 32,

    /// <summary>Any accessibility.</summary>
    Any = Public | Protected | Internal | ProtectedInternal | PrivateProtected | Private,
}
