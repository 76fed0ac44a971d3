using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// Entry spans for ASP.NET Core requests, from the hosting layer every server (Kestrel, IIS, TestServer) goes
/// through: where <c>HostingApplicationDiagnostics</c> starts its request Activity the Entry span opens (and stands in
/// for that Activity when nobody else wants one), where it stops that Activity the span is named after the matched
/// route and closed. <see cref="KestrelErrorPlugin"/> adds the exception of a failed request. Switch it off with <c>SIGHTLINE_PLUGINS_EXCLUDE=aspnetcore</c>.
/// </summary>
public sealed class AspNetCorePlugin : SightlinePlugin
{
    /// <inheritdoc />
    public override string Id => "aspnetcore";

    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(AspNetCoreNames.Assembly, "[8.0, 10.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [AspNetCoreNames.Diagnostics];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
    [
        new(AspNetCoreNames.Diagnostics, HostingDiagnosticsInstrumentation.StartActivityMatch),
        new(AspNetCoreNames.Diagnostics, HostingDiagnosticsInstrumentation.StopActivityMatch),
    ];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new HostingDiagnosticsInstrumentation()];
}
