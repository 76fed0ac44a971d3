using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Sightline.Storage.Hosting;

namespace Sightline.Storage.Grpc;

/// <summary>
/// When a bearer token is configured, every gRPC call must carry it: as <c>bearer.token</c> metadata (what Jaeger's
/// remote-storage client sends) or as <c>authorization: Bearer …</c>. Otherwise UNAUTHENTICATED.
/// </summary>
public sealed class BearerTokenInterceptor(IOptions<StorageOptions> options) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    /// <summary>Constant-time comparison, so the token cannot be guessed byte by byte from response times.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private void Check(ServerCallContext context)
    {
        var expected = options.Value.BearerToken;
        if (string.IsNullOrEmpty(expected))
        {
            return;
        }

        var token = context.RequestHeaders.GetValue("bearer.token");
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (token is null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        if (!Matches(expected, token))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong bearer token"));
        }
    }
}
