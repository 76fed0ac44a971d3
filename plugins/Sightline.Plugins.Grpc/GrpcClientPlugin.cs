using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Exit spans for calls made with <c>Grpc.Net.Client</c> channels, named by the full method name
/// (<c>/package.Service/Method</c>), from the request to the call's status. The HTTP/2 request underneath is the same
/// call: the HttpClient plugin's Exit span nests into this one instead of adding a second span.
/// Switch it off with <c>SIGHTLINE_PLUGINS_EXCLUDE=grpc-client</c>.
/// </summary>
public sealed class GrpcClientPlugin : SightlinePlugin
{
    /// <inheritdoc />
    public override string Id => "grpc-client";

    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(GrpcNames.ClientAssembly, "[2.0, 2.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [GrpcNames.BalancerHandler, GrpcNames.ProtocolHelpers];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
    [
        new(GrpcNames.BalancerHandler, GrpcClientInstrumentation.SendMatch),
        new(GrpcNames.ProtocolHelpers, GrpcClientInstrumentation.StatusMatch),
    ];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new GrpcClientInstrumentation(), new GrpcStatusInstrumentation()];
}
