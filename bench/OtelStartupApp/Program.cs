using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("startup-benchmark"))
    .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter());
var app = builder.Build();
app.MapGet("/ping", () => "pong");

await app.StartAsync();

// The start-up probe waits for this line, as it does for AgentTargetApp's.
var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
Console.WriteLine("listening on " + addresses.First());
await app.WaitForShutdownAsync();
