using Shop.Contracts.Payment;
using Shop.Storefront;
using Shop.Storefront.Inventory;
using Shop.Storefront.Orders;
using Shop.Storefront.Restocking;

// Settings files beside the app, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// `--urls` or ASPNETCORE_URLS choose the address; without them the shop's fixed default.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

var options = StorefrontOptions.FromConfiguration(builder.Configuration);
builder.Services.AddSingleton(options);
builder.Services.AddHttpClient<InventoryClient>(client => client.BaseAddress = options.InventoryAddress);
builder.Services.AddGrpcClient<Payments.PaymentsClient>(client => client.Address = options.PaymentAddress);
builder.Services.AddSingleton<OrderStore>();
builder.Services.AddScoped<OrderService>();
builder.Services.AddHostedService<RestockWorker>();

var app = builder.Build();
app.MapGet("/", () => "Shop storefront: GET /products, GET /products/{id}, POST /orders, GET /orders/{id}, POST /orders/{id}/refund");
app.MapGet("/products", (InventoryClient inventory, CancellationToken ct) => inventory.ListProductsAsync(ct));
app.MapGet("/products/{id:int}", async (int id, InventoryClient inventory, CancellationToken ct) =>
    await inventory.GetProductAsync(id, ct) is { } product
        ? Results.Ok(product)
        : Results.Problem($"Product {id} does not exist.", statusCode: StatusCodes.Status404NotFound));
app.MapOrderEndpoints();
app.Run();
