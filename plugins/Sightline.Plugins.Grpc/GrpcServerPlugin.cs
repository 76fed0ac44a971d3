using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// Entry spans for calls served by <c>Grpc.AspNetCore</c>, named by the full method name (<c>/package.Service/Method</c>)
/// with the call's status. Inside the ASP.NET Core plugin's Entry span for the same HTTP/2 request it is that span
/// (renamed and tagged), not a second one; without it, it extracts the caller's context from the metadata itself.
/// Switch it off with <c>SIGHTLINE_PLUGINS_EXCLUDE=grpc-server</c>.
/// </summary>
public sealed class GrpcServerPlugin : SightlinePlugin
{
    internal static MethodMatch InitializeMatch { get; } = MethodMatch.Named("Initialize") & MethodMatch.ParameterCount(1);

    internal static MethodMatch HandlerErrorMatch { get; } =
        MethodMatch.Named("ProcessHandlerError") & MethodMatch.ParameterTypes("System.Exception", "System.String");

    internal static MethodMatch CallEndMatch { get; } = MethodMatch.Named("LogCallEnd") & MethodMatch.ParameterCount(0);

    /// <inheritdoc />
    public override string Id => "grpc-server";

    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(GrpcNames.ServerAssembly, "[2.0, 2.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [GrpcNames.ServerCallContext];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
    [
        new(GrpcNames.ServerCallContext, InitializeMatch),
        new(GrpcNames.ServerCallContext, HandlerErrorMatch),
        new(GrpcNames.ServerCallContext, CallEndMatch),
    ];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new ServerCallContextInstrumentation()];
}
