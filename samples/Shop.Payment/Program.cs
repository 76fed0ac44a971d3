using Microsoft.AspNetCore.Server.Kestrel.Core;
using Shop.Payment;

// Settings files beside the app, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// `--urls` or ASPNETCORE_URLS choose the address; without them the shop's fixed default.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5082");
}

// gRPC without TLS: plain-text HTTP/2 cannot be negotiated, so every endpoint speaks HTTP/2 only ("prior knowledge").
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));

builder.Services.AddGrpc();
builder.Services.AddSingleton<PaymentLedger>();
builder.Services.AddSingleton<CardAuthorizer>();

var app = builder.Build();
app.MapGrpcService<PaymentsService>();
app.Run();
