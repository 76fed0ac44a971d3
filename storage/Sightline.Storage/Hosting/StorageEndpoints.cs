using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sightline.Storage.Hosting;

/// <summary>The four listeners; after start their ports are the bound ones (useful when configured as 0).</summary>
public sealed class StorageEndpoints
{
    internal ListenOptions? Query { get; set; }

    internal ListenOptions? OtlpGrpc { get; set; }

    internal ListenOptions? OtlpHttp { get; set; }

    internal ListenOptions? Grpc { get; set; }

    public Uri QueryUrl => UrlOf(Query);

    public Uri OtlpGrpcUrl => UrlOf(OtlpGrpc);

    public Uri OtlpHttpUrl => UrlOf(OtlpHttp);

    public Uri GrpcUrl => UrlOf(Grpc);

    private static Uri UrlOf(ListenOptions? listen) => listen is null
        ? throw new InvalidOperationException("the server has not been configured yet")
        : new Uri($"http://{(listen.IPEndPoint!.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.IPEndPoint.Address}]" : listen.IPEndPoint.Address.ToString())}:{listen.IPEndPoint.Port}/");
}
