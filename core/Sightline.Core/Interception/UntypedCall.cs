using System.ComponentModel;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Core.Interception;

/// <summary>The state of one call through an untyped interceptor.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class UntypedCall(IMethodInterceptor interceptor, MethodInvocation invocation, PluginHealth health)
{
    /// <summary>The interceptor.</summary>
    public IMethodInterceptor Interceptor { get; } = interceptor;

    /// <summary>The call as the interceptor sees it.</summary>
    public MethodInvocation Invocation { get; } = invocation;

    /// <summary>The plugin's health.</summary>
    public PluginHealth Health { get; } = health;
}
