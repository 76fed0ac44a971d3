using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AspNetCore.Tests;

/// <summary>A real Kestrel app on a loopback port of its own, with the endpoints the tests call.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    // After the app took its port: an earlier app that had the same port (ports come back) stopped before this.
    private readonly DateTime _listeningSince = DateTime.UtcNow;

    private TestApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new System.Net.Http.HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public System.Net.Http.HttpClient Client { get; }

    /// <summary>Starts the app; <paramref name="logging"/> turns on a logger, which makes ASP.NET Core create its own bare request Activity.</summary>
    public static async Task<TestApp> StartAsync(bool logging = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logging)
        {
            builder.Logging.AddProvider(new SilentLoggerProvider());
        }

        var app = builder.Build();
        app.MapGet("/orders/{id}", (string id) => "order " + id);
        app.MapGet("/invoices/{number:int:min(1)}/lines/{line=1}", (int number, int line) => $"invoice {number} line {line}");
        app.MapGet("/reports/{year:length(4)}/{month:int?}", (string year, int? month) => $"report {year} {month}");
        app.MapGet("/files/{**path}", (string path) => "file " + path);
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/health", () => "ok");
        app.MapGet("/site.css", () => "body {}");
        app.MapGet("/current", () =>
        {
            // What the application sees inside the request: the Entry span is current, a Local span nests under it.
            var current = Activity.Current?.SpanId.ToHexString() ?? "none";
            using var local = Tracer.CreateLocalSpan("handler work");
            return current;
        });
        app.MapGet("/static/whoami", () => $"{Activity.Current?.TraceId.ToHexString()}/{Activity.Current?.ParentSpanId.ToHexString()}/{Activity.Current?.Recorded}");
        app.MapGet("/headers", (HttpContext context) => string.Join("|", context.Request.Headers["traceparent"].ToArray()));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, new Uri(address));
    }

    /// <summary>
    /// True for spans of this app: its Entry spans carry its address in <c>url.full</c>, and started once it listened
    /// (the shared sink still holds the spans of an earlier test's app that was given the same port).
    /// </summary>
    public bool Owns(Activity span) =>
        span.StartTimeUtc >= _listeningSince
        && span.GetTagItem("url.full") is string url && url.StartsWith(Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    public Task<HttpResponseMessage> GetAsync(string path, string? traceParent = null) =>
        traceParent is null ? GetAsync(path, []) : GetAsync(path, [("traceparent", traceParent)]);

    public async Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>A logger that is enabled for every level and writes nothing.</summary>
    private sealed class SilentLoggerProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
