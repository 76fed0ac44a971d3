using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.HttpClient;

/// <summary>
/// <c>static bool DiagnosticsHandler.IsEnabled()</c>: the framework's check, once per request, whether to run its
/// diagnostics stage at all. See <see cref="DiagnosticsGateInterceptor"/> for when the plugin answers no.
/// </summary>
public sealed class DiagnosticsGateInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(HttpClientNames.DiagnosticsHandler);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
        [InterceptPoint.StaticMethods(MethodMatch.Named(HttpClientNames.IsEnabled) & MethodMatch.ParameterCount(0), typeof(DiagnosticsGateInterceptor))];
}
