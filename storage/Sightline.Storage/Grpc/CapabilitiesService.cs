using Grpc.Core;
using Jaeger.Storage.V1;

namespace Sightline.Storage.Grpc;

/// <summary>storage_v1 <c>PluginCapabilities</c>: streaming writes yes; archive no (Jaeger configures archive as a second backend).</summary>
public sealed class CapabilitiesService : PluginCapabilities.PluginCapabilitiesBase
{
    public override Task<CapabilitiesResponse> Capabilities(CapabilitiesRequest request, ServerCallContext context) =>
        Task.FromResult(new CapabilitiesResponse { StreamingSpanWriter = true });
}
