using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Sightline.Storage.Grpc;
using Sightline.Storage.Hosting;
using Sightline.Storage.Http;
using Sightline.Storage.Store;
using Sightline.Storage.Store.Postgres;
using Sightline.Storage.Store.Sqlite;

namespace Sightline.Storage;

/// <summary>Builds the storage server's web host, so tests start it exactly as <c>Program</c> does.</summary>
public static class StorageHost
{
    /// <summary>Default address of the query API: loopback only, unless the user asks otherwise (ARCHITECTURE.md, rules).</summary>
    public const string DefaultUrl = "http://127.0.0.1:16686";

    /// <summary>Environment variables with this prefix configure the server (<c>SIGHTLINE_STORAGE_BACKEND</c>).</summary>
    public const string EnvironmentPrefix = "SIGHTLINE_STORAGE_";

    public static WebApplication Build(string[] args, Action<StorageOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        // One line per request is too much for a trace sink receiving thousands of calls a second.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var options = new StorageOptions();
        builder.Configuration.Bind(options);
        configure?.Invoke(options);
        Validate(options);

        builder.Services.AddSingleton(Options.Create(options));
        var endpoints = new StorageEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddSingleton<ISpanStore>(_ => CreateStore(options));
        builder.Services.AddHostedService<StoreInitializer>();
        builder.Services.AddSingleton<RetentionPurger>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionPurger>());
        builder.Services.AddSingleton<GrpcQueryMapper>();
        builder.Services.AddSingleton<BearerTokenInterceptor>();
        builder.Services.AddSingleton<global::Grpc.AspNetCore.Server.Model.IServiceMethodProvider<OtlpTraceService>, WriteMethodProvider>();
        builder.Services.AddSingleton<global::Grpc.AspNetCore.Server.Model.IServiceMethodProvider<SpanWriterService>, WriteMethodProvider>();
        builder.Services.AddSingleton<global::Grpc.AspNetCore.Server.Model.IServiceMethodProvider<StreamingSpanWriterService>, WriteMethodProvider>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, options.MaxRequestBytes);
            grpc.MaxSendMessageSize = null;
            grpc.Interceptors.Add<BearerTokenInterceptor>();
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            var address = IPAddress.Parse(options.ListenAddress);
            kestrel.Listen(address, options.QueryPort, l => { l.Protocols = HttpProtocols.Http1AndHttp2; endpoints.Query = l; });
            kestrel.Listen(address, options.OtlpHttpPort, l => { l.Protocols = HttpProtocols.Http1AndHttp2; endpoints.OtlpHttp = l; });
            // gRPC without TLS needs HTTP/2 with prior knowledge, so these two ports speak only HTTP/2.
            kestrel.Listen(address, options.OtlpGrpcPort, l => { l.Protocols = HttpProtocols.Http2; endpoints.OtlpGrpc = l; });
            kestrel.Listen(address, options.GrpcPort, l => { l.Protocols = HttpProtocols.Http2; endpoints.Grpc = l; });
        });

        var app = builder.Build();
        // The web UI in wwwroot/: static files that hold no data, so they are served before the token check.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.Use((context, next) =>
        {
            // gRPC enforces the same limit per message (MaxReceiveMessageSize) and answers RESOURCE_EXHAUSTED;
            // Kestrel's body limit would cut the stream first and the client would only see UNKNOWN.
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
                && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }

            return next(context);
        });
        app.UseMiddleware<BearerTokenMiddleware>();
        app.MapGet("/healthz", () => Results.Text("ok"));
        QueryApiEndpoints.Map(app);
        OtlpHttpEndpoint.Map(app);
        if (options.EnablePurgeEndpoint)
        {
            app.MapPost("/purge", async (ISpanStore store, CancellationToken ct) =>
            {
                await store.PurgeAllAsync(ct).ConfigureAwait(false);
                return Results.Ok();
            });
        }

        // Every gRPC service answers on both HTTP/2 ports, so Jaeger v2 can write OTLP to the reader endpoint too.
        app.MapGrpcService<OtlpTraceService>();
        app.MapGrpcService<SpanWriterService>();
        app.MapGrpcService<StreamingSpanWriterService>();
        app.MapGrpcService<SpanReaderService>();
        app.MapGrpcService<DependenciesReaderService>();
        app.MapGrpcService<CapabilitiesService>();
        app.MapGrpcService<TraceReaderService>();
        app.MapGrpcService<DependencyReaderService>();
        return app;
    }

    internal static ISpanStore CreateStore(StorageOptions options) => options.Backend.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteSpanStore(options.SqlitePath),
        "postgres" or "postgresql" => new PostgresSpanStore(options.PostgresConnectionString),
        _ => throw new InvalidOperationException($"unknown backend '{options.Backend}': use sqlite or postgres"),
    };

    private static void Validate(StorageOptions options)
    {
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new InvalidOperationException($"ListenAddress '{options.ListenAddress}' is not an IP address");
        }

        if (options.MaxRequestBytes <= 0)
        {
            throw new InvalidOperationException("MaxRequestBytes must be positive");
        }

        if (options.MaxTracesPerQuery <= 0)
        {
            throw new InvalidOperationException("MaxTracesPerQuery must be positive");
        }
    }
}
