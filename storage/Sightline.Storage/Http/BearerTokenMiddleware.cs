using Microsoft.Extensions.Options;
using Sightline.Storage.Grpc;
using Sightline.Storage.Hosting;

namespace Sightline.Storage.Http;

/// <summary>
/// When a bearer token is configured, HTTP requests (query API, OTLP/HTTP) need <c>Authorization: Bearer …</c>;
/// gRPC calls are checked by <see cref="BearerTokenInterceptor"/> so they get a gRPC status. /healthz stays open.
/// </summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, IOptions<StorageOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var expected = options.Value.BearerToken;
        if (string.IsNullOrEmpty(expected)
            || context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal)
            || (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!BearerTokenInterceptor.Matches(expected, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(QueryEnvelope.Error(401, "missing or wrong bearer token"), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
