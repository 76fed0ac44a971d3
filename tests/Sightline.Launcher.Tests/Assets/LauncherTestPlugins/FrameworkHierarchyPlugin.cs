using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>
/// A rule over a shared-framework type whose base type lives in another framework assembly: DefaultHttpContext
/// (Microsoft.AspNetCore.Http) derives from HttpContext (Microsoft.AspNetCore.Http.Abstractions).
/// </summary>
public sealed class FrameworkHierarchyPlugin() : RulePlugin(
    ClassMatch.DerivesFrom("Microsoft.AspNetCore.Http.HttpContext"),
    InterceptPoint.InstanceMethods(MethodMatch.Named("Uninitialize") & MethodMatch.ParameterCount(0), typeof(NoopInterceptor)))
{
    public override string Id => "framework-hierarchy";

    public override AssemblyWitness TargetAssembly => new("Microsoft.AspNetCore.Http", "[8.0, 10.*]");
}
