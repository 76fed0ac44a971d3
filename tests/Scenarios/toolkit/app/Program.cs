using ToolkitScenarioApp;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSingleton<OrderService>();
var app = builder.Build();
app.MapGet("/", () => "ready");
app.MapGet("/orders/{id:int}", (int id, OrderService orders) => orders.PlaceAsync(id));
app.MapGet("/fail", (OrderService orders) => orders.Fail());
app.Run();
