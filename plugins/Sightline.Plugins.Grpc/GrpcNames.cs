namespace Sightline.Plugins.Grpc;

/// <summary>Target names and tag keys of the gRPC plugins.</summary>
internal static class GrpcNames
{
    public const string ClientAssembly = "Grpc.Net.Client";
    public const string BalancerHandler = "Grpc.Net.Client.Balancer.Internal.BalancerHttpHandler";
    public const string ProtocolHelpers = "Grpc.Net.Client.Internal.GrpcProtocolHelpers";

    public const string ServerAssembly = "Grpc.AspNetCore.Server";
    public const string ServerCallContext = "Grpc.AspNetCore.Server.Internal.HttpContextServerCallContext";

    public const string Component = "Grpc";

    // The client Activity Grpc.Net.Client creates with `new Activity(...)` when nobody samples its ActivitySource.
    public const string ClientActivity = "Grpc.Net.Client.GrpcOut";

    public const string StatusHeader = "grpc-status";

    // OpenTelemetry semantic conventions for RPC.
    public const string RpcSystem = "rpc.system";
    public const string RpcService = "rpc.service";
    public const string RpcMethod = "rpc.method";
    public const string StatusCode = "rpc.grpc.status_code";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
}
