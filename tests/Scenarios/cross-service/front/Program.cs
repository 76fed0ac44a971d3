using System.Net;
using CrossService;
using Grpc.Net.Client;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var back = new Uri(builder.Configuration["Back:Url"] ?? throw new InvalidOperationException("Back:Url is not set"));

// Service B speaks cleartext HTTP/2 only (it also serves gRPC), so the REST client asks for HTTP/2 too.
builder.Services.AddSingleton(new HttpClient { BaseAddress = back, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact });
builder.Services.AddSingleton(new Stock.StockClient(GrpcChannel.ForAddress(back)));
var app = builder.Build();
app.MapGet("/", () => "ready");
app.MapGet("/checkout/{id:int}", async (int id, HttpClient http, Stock.StockClient stock) =>
{
    var level = await http.GetStringAsync($"/stock/{id}");
    var reply = await stock.ReserveAsync(new ReserveRequest { ProductId = id, Quantity = 1 });
    return $"stock {level}, {reply.Remaining} left after reserving one";
});
app.Run();
