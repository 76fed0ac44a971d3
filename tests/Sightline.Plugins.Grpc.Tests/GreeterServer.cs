using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sightline.Plugins.Grpc.Tests.Protos;

namespace Sightline.Plugins.Grpc.Tests;

/// <summary>A real gRPC server (Kestrel, cleartext HTTP/2) on a loopback port of its own, and a channel to it.</summary>
internal sealed class GreeterServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private GreeterServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
        Client = new Greeter.GreeterClient(_channel);
    }

    public Uri Address { get; }

    public string Peer => $"{Address.Host}:{Address.Port}";

    public Greeter.GreeterClient Client { get; }

    public static async Task<GreeterServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<GreeterService>();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GreeterServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private sealed class GreeterService : Greeter.GreeterBase
    {
        public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) => request.Name switch
        {
            "slow" => Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => new HelloReply(), TaskScheduler.Default),
            "fail" => throw new RpcException(new Status(StatusCode.NotFound, "no such greeting")),
            "crash" => throw new InvalidOperationException("greeter crashed"),
            _ => Task.FromResult(new HelloReply
            {
                Message = "hello " + request.Name,
                Traceparent = string.Join("|", context.RequestHeaders.Where(e => e.Key == "traceparent").Select(e => e.Value)),
            }),
        };
    }
}
