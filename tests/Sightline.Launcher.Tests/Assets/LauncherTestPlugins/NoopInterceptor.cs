using Sightline.Spi.Plugins.Interception;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>Never runs: the launcher only reads the rules.</summary>
public sealed class NoopInterceptor : IMethodInterceptor
{
    public void BeforeMethod(MethodInvocation invocation)
    {
    }

    public void AfterMethod(MethodInvocation invocation)
    {
    }

    public void OnException(MethodInvocation invocation, Exception exception)
    {
    }
}
