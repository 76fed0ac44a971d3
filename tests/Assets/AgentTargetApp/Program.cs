using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sightline.Tests.AgentTargetApp;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/orders/{id:int}", (int id) => Orders.Place(id));
app.MapGet("/ping", () => "pong");

await app.StartAsync();

// The tests read the bound address (they ask for port 0) from this line.
var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
Console.WriteLine("listening on " + addresses.First());
await app.WaitForShutdownAsync();
