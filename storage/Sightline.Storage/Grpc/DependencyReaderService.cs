using Grpc.Core;
using Jaeger.Storage.V2;
using Sightline.Storage.Store;

namespace Sightline.Storage.Grpc;

/// <summary>storage v2 <c>DependencyReader</c>.</summary>
public sealed class DependencyReaderService(ISpanStore store) : DependencyReader.DependencyReaderBase
{
    public override async Task<GetDependenciesResponse> GetDependencies(GetDependenciesRequest request, ServerCallContext context)
    {
        var (start, end) = DependencyWindow.Of(request.StartTime, request.EndTime);
        var edges = await store.GetDependenciesAsync(start, end, context.CancellationToken).ConfigureAwait(false);
        var response = new GetDependenciesResponse();
        response.Dependencies.Add(edges.Select(e => new Dependency { Parent = e.Parent, Child = e.Child, CallCount = (ulong)e.CallCount }));
        return response;
    }
}
