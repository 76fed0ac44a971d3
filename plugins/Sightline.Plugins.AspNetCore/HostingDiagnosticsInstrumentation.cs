using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// <c>HostingApplicationDiagnostics.StartActivity(HttpContext, bool, out bool)</c> and
/// <c>StopActivity(HttpContext, Activity, bool)</c>: where the hosting layer starts and stops its request Activity,
/// for every server. Both are marked <c>NoInlining</c> by ASP.NET Core itself. The natural begin/end pair
/// (<c>BeginRequest</c>/<c>RequestEnd</c>) is <c>AggressiveInlining</c>, so ReadyToRun code never calls it. The
/// interface methods around it (<c>HostingApplication.CreateContext</c>/<c>DisposeContext</c>) can be patched, but the
/// request's Activity, which the tracer adopts as the Entry span, exists only from <c>StartActivity</c> on. That runs
/// whenever someone listens to the <c>Microsoft.AspNetCore</c> ActivitySource, which the tracer does (its adopted
/// sources).
/// </summary>
public sealed class HostingDiagnosticsInstrumentation : Instrumentation
{
    internal static MethodMatch StartActivityMatch { get; } =
        MethodMatch.Named(AspNetCoreNames.StartActivity) & MethodMatch.ParameterTypes(AspNetCoreNames.HttpContext, "System.Boolean", "System.Boolean&");

    internal static MethodMatch StopActivityMatch { get; } =
        MethodMatch.Named(AspNetCoreNames.StopActivity) & MethodMatch.ParameterTypes(AspNetCoreNames.HttpContext, "System.Diagnostics.Activity", "System.Boolean");

    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(AspNetCoreNames.Diagnostics);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
    [
        InterceptPoint.InstanceMethods(StartActivityMatch, typeof(StartActivityInterceptor)),
        InterceptPoint.InstanceMethods(StopActivityMatch, typeof(StopActivityInterceptor)),
    ];
}
