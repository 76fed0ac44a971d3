using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.HttpClient.Tests;

/// <summary>
/// An application with its own OpenTelemetry (ASP.NET Core and HttpClient instrumentation): the plugins adopt the
/// framework's server and client Activities, so both exporters see the very same spans and nothing is duplicated.
/// </summary>
public sealed class OpenTelemetryAppTests(PluginFixture fixture)
{
    [Fact]
    public async Task The_plugins_adopt_the_apps_opentelemetry_activities_instead_of_duplicating_them()
    {
        var token = TestContext.Current.CancellationToken;
        var exported = new List<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddInMemoryExporter(exported));
        await using var app = builder.Build();
        using var backend = new System.Net.Http.HttpClient();
        app.MapGet("/front", async () => "front saw " + await backend.GetStringAsync(new Uri(backend.BaseAddress!, "/back"), token));
        app.MapGet("/back", () => "stock");
        await app.StartAsync(token);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        backend.BaseAddress = address;

        using var client = new System.Net.Http.HttpClient();
        Assert.Equal("front saw stock", await client.GetStringAsync(new Uri(address, "/front"), token));

        var peer = $"{address.Host}:{address.Port}";
        var clients = await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), peer), count: 2);
        var traceId = clients[0].TraceId;
        var ours = await fixture.Sink.WaitForAsync(s => s.TraceId == traceId, count: 4);
        await app.StopAsync(token);

        // One trace: test client -> GET /front -> front's client -> GET /back, each once, all the framework's own Activities.
        Assert.Equal(4, ours.Count);
        var outer = Assert.Single(ours, s => s.Kind == ActivityKind.Client && s.ParentSpanId == default);
        var front = Assert.Single(ours, s => s.Kind == ActivityKind.Server && s.ParentSpanId == outer.SpanId);
        var inner = Assert.Single(ours, s => s.Kind == ActivityKind.Client && s.ParentSpanId == front.SpanId);
        var back = Assert.Single(ours, s => s.Kind == ActivityKind.Server && s.ParentSpanId == inner.SpanId);
        Assert.Equal("GET /front", front.DisplayName);
        Assert.Equal("GET /back", back.DisplayName);
        Assert.All([outer, inner], s => Assert.Equal("System.Net.Http", s.Source.Name));
        Assert.All([front, back], s => Assert.Equal("Microsoft.AspNetCore", s.Source.Name));
        Assert.Equal("AspNetCore", front.GetTagItem(SpanTags.Component));
        Assert.Equal("HttpClient", inner.GetTagItem(SpanTags.Component));

        List<Activity> theirs;
        lock (exported)
        {
            theirs = exported.Where(s => s.TraceId == traceId).ToList();
        }

        Assert.Equal(ours.Select(s => s.SpanId.ToHexString()).Order(StringComparer.Ordinal), theirs.Select(s => s.SpanId.ToHexString()).Order(StringComparer.Ordinal));
    }
}
