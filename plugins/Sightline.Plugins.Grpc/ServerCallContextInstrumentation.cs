using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Grpc;

/// <summary>
/// <c>HttpContextServerCallContext</c>, the one non-generic object of every server call:
/// <c>Initialize(ISystemClock?)</c> when the call starts, <c>ProcessHandlerError(Exception, string)</c> when the
/// handler threw, and <c>LogCallEnd()</c>, which both the normal and the failed end reach with the final status. The
/// server call handlers themselves (<c>UnaryServerCallHandler&lt;TService, TRequest, TResponse&gt;</c>...) are shared
/// generic code, which the patch engine refuses.
/// </summary>
public sealed class ServerCallContextInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(GrpcNames.ServerCallContext);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
    [
        InterceptPoint.InstanceMethods(GrpcServerPlugin.InitializeMatch, typeof(ServerCallStartInterceptor)),
        InterceptPoint.InstanceMethods(GrpcServerPlugin.HandlerErrorMatch, typeof(ServerHandlerErrorInterceptor)),
        InterceptPoint.InstanceMethods(GrpcServerPlugin.CallEndMatch, typeof(ServerCallEndInterceptor)),
    ];
}
