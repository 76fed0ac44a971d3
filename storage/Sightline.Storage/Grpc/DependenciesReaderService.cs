using Grpc.Core;
using Jaeger.ApiV2;
using Jaeger.Storage.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>storage_v1 <c>DependenciesReaderPlugin</c>: links computed from parent/child spans across services.</summary>
public sealed class DependenciesReaderService(ISpanStore store) : DependenciesReaderPlugin.DependenciesReaderPluginBase
{
    public override async Task<GetDependenciesResponse> GetDependencies(GetDependenciesRequest request, ServerCallContext context)
    {
        var (start, end) = DependencyWindow.Of(request.StartTime, request.EndTime);
        var edges = await store.GetDependenciesAsync(start, end, context.CancellationToken).ConfigureAwait(false);
        var response = new GetDependenciesResponse();
        response.Dependencies.Add(edges.Select(e => new DependencyLink { Parent = e.Parent, Child = e.Child, CallCount = (ulong)e.CallCount }));
        return response;
    }
}
