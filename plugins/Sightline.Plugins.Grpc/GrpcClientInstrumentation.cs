using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// <c>BalancerHttpHandler.SendAsync(HttpRequestMessage, CancellationToken)</c>: the handler every channel built from
/// an address puts in front of its <c>SocketsHttpHandler</c> (or of the handler given as
/// <c>GrpcChannelOptions.HttpHandler</c>, as Grpc.Net.ClientFactory does), called once per call attempt with the call's HTTP/2
/// request, inside the client's own bookkeeping (deadline, credentials) and outside the HTTP stack. The call's
/// generic types (<c>GrpcCall&lt;TRequest, TResponse&gt;.RunCall</c>) cannot be patched: they run as shared generic
/// code, which the patch engine refuses.
/// </summary>
public sealed class GrpcClientInstrumentation : Instrumentation
{
    internal static MethodMatch SendMatch { get; } =
        MethodMatch.Named("SendAsync") & MethodMatch.ParameterTypes("System.Net.Http.HttpRequestMessage", "System.Threading.CancellationToken");

    internal static MethodMatch StatusMatch { get; } =
        MethodMatch.Named("GetResponseStatus") & MethodMatch.ParameterTypes("System.Net.Http.HttpResponseMessage", "System.Boolean", "System.Boolean");

    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(GrpcNames.BalancerHandler);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints => [InterceptPoint.InstanceMethods(SendMatch, typeof(ClientSendInterceptor))];
}
