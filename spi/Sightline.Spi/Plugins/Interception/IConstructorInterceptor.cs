namespace Sightline.Spi.Plugins.Interception;

/// <summary>
/// An untyped interceptor that runs after an instance constructor completed (SkyWalking's
/// <c>InstanceConstructorInterceptor</c>), for example to remember a peer address on the new object.
/// </summary>
public interface IConstructorInterceptor
{
    /// <summary>Runs after the constructor body returned normally.</summary>
    /// <param name="instance">The constructed object.</param>
    /// <param name="arguments">The constructor's arguments.</param>
    void OnConstruct(object instance, object?[] arguments);
}
