using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// <c>static Status GrpcProtocolHelpers.GetResponseStatus(HttpResponseMessage, bool, bool)</c>: where the client reads
/// the call's status from the trailers, after the response message. A call that failed before (trailers-only
/// response, HTTP error, exception) is finished by <see cref="ClientSendInterceptor"/> instead.
/// </summary>
public sealed class GrpcStatusInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(GrpcNames.ProtocolHelpers);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
        [InterceptPoint.StaticMethods(GrpcClientInstrumentation.StatusMatch, typeof(ClientStatusInterceptor))];
}
