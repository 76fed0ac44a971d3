using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// The exception of a request that failed in Kestrel, recorded on its Entry span. Part of the ASP.NET Core plugin
/// (same id, so <c>SIGHTLINE_PLUGINS_EXCLUDE=aspnetcore</c> switches both off); a separate class only because a
/// plugin targets one assembly and the hosting layer never sees the exception outside an inlined method.
/// </summary>
public sealed class KestrelErrorPlugin : SightlinePlugin
{
    internal static MethodMatch ReportMatch { get; } =
        MethodMatch.Named(AspNetCoreNames.ReportApplicationError) & MethodMatch.ParameterTypes("System.Exception");

    /// <inheritdoc />
    public override string Id => "aspnetcore";

    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(AspNetCoreNames.KestrelAssembly, "[8.0, 10.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [AspNetCoreNames.KestrelProtocol];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods => [new(AspNetCoreNames.KestrelProtocol, ReportMatch)];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new ProtocolInstrumentation()];

    /// <summary><c>HttpProtocol.ReportApplicationError(Exception?)</c>.</summary>
    private sealed class ProtocolInstrumentation : Instrumentation
    {
        public override ClassMatch Types => ClassMatch.Name(AspNetCoreNames.KestrelProtocol);

        public override IEnumerable<InterceptPoint> InterceptPoints => [InterceptPoint.InstanceMethods(ReportMatch, typeof(ApplicationErrorInterceptor))];
    }
}
