var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var peer = new Uri(builder.Configuration["Peer:Url"] ?? throw new InvalidOperationException("Peer:Url is not set"));
builder.Services.AddSingleton(new HttpClient { BaseAddress = peer });
var app = builder.Build();

app.MapGet("/", () => "ready");

// Calls the other app's /stock/{id}, which in turn calls this app's /ping.
app.MapGet("/orders/{id}", async (int id, HttpClient http) => "stock " + await http.GetStringAsync($"/stock/{id}"));
app.MapGet("/stock/{id}", async (int id, HttpClient http) => $"{id}: " + await http.GetStringAsync("/ping"));
app.MapGet("/ping", () => "pong");
app.Run();
