using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.HttpClient;

/// <summary>
/// <c>HttpConnectionPoolManager.SendAsync(HttpRequestMessage, bool async, bool doRequestAuth, CancellationToken)</c>:
/// every request <c>SocketsHttpHandler</c> sends, once per redirect hop, sync or async. It sits inside
/// <c>DiagnosticsHandler</c>, so the framework's client Activity (when the application samples it) is current and is
/// adopted rather than duplicated, and its headers are already on the request; the method is too large to inline
/// and is reached through a virtual handler stage, unlike the thin <c>SendAsync</c> overrides above it.
/// </summary>
public sealed class PoolManagerInstrumentation : Instrumentation
{
    internal static MethodMatch SendAsyncMatch { get; } =
        MethodMatch.Named(HttpClientNames.SendAsync)
        & MethodMatch.ParameterTypes("System.Net.Http.HttpRequestMessage", "System.Boolean", "System.Boolean", "System.Threading.CancellationToken");

    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(HttpClientNames.PoolManager);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints => [InterceptPoint.InstanceMethods(SendAsyncMatch, typeof(PoolSendInterceptor))];
}
