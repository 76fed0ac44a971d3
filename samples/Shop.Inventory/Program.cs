using Shop.Inventory.Data;
using Shop.Inventory.Stock;

// Settings files beside the app, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// `--urls` or ASPNETCORE_URLS choose the address; without them the shop's fixed default.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5081");
}

builder.Services.AddSingleton(InventoryDatabase.FromConfiguration(builder.Configuration));
builder.Services.AddSingleton<InventorySchema>();
builder.Services.AddSingleton<StockRepository>();
builder.Services.AddSingleton<StockReturnLedger>();

var app = builder.Build();
await app.Services.GetRequiredService<InventorySchema>().EnsureCreatedAsync(app.Lifetime.ApplicationStopping);
app.MapStockEndpoints();
await app.RunAsync();
