using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.HttpClient;

/// <summary>
/// Exit spans for outgoing HTTP requests of <c>HttpClient</c>, <c>HttpMessageInvoker</c> and every library built on
/// them (gRPC, the Azure SDK...), taken where <c>SocketsHttpHandler</c> hands a request to its connection pools.
/// Switch it off with <c>SIGHTLINE_PLUGINS_EXCLUDE=httpclient</c>.
/// </summary>
public sealed class HttpClientPlugin : SightlinePlugin
{
    /// <inheritdoc />
    public override string Id => "httpclient";

    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(HttpClientNames.Assembly, "[8.0, 10.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [HttpClientNames.PoolManager];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
        [new(HttpClientNames.PoolManager, PoolManagerInstrumentation.SendAsyncMatch)];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new PoolManagerInstrumentation(), new DiagnosticsGateInstrumentation()];
}
