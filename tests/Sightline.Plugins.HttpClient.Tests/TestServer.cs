using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sightline.Plugins.HttpClient.Tests;

/// <summary>A real Kestrel server on a loopback port of its own, for the client to call.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The <c>host:port</c> the client's Exit spans name as their peer.</summary>
    public string Peer => $"{Address.Host}:{Address.Port}";

    /// <summary>Completed when <c>/wait</c> has received its request.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<TestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestServer? server = null;
        app.MapGet("/items/{id}", (string id) => "item " + id);
        app.MapGet("/headers", (HttpContext context) => string.Join("|", context.Request.Headers["traceparent"].ToArray()));
        app.MapGet("/fail", () => Results.StatusCode(503));
        app.MapGet("/wait", async (HttpContext context) =>
        {
            server!.Waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TestServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
