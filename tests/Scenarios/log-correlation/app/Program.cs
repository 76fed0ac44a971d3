using Microsoft.Extensions.Logging.Console;

var builder = WebApplication.CreateBuilder(args);

// The host's console logger uses the formatter configuration names (Logging:Console:FormatterName=json and
// IncludeScopes, from the environment here). The app narrows activity tracking to nothing, as some apps do; the
// log-correlation plugin puts trace id and span id back.
builder.Logging.ClearProviders().AddConsole().Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

var app = builder.Build();

// A factory made by hand, which tracks no activity by default: the plugin's other case. Simple formatter, one line.
// Made after the host's build: in the agent's default start for an app with a host, a factory made before it (a
// bootstrap logger) can be made before the agent is in place (docs/attaching.md).
using var handMade = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
{
    o.IncludeScopes = true;
    o.SingleLine = true;
    o.ColorBehavior = LoggerColorBehavior.Disabled;
}));
var pricing = handMade.CreateLogger("Pricing");
var orders = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orders");
orders.LogInformation("outside any request");

app.MapGet("/", () => "ready");
app.MapGet("/orders/{id}", (int id) =>
{
    orders.LogInformation("order {OrderId} received", id);
    pricing.LogInformation("order {OrderId} priced", id);
    return $"order {id}";
});
app.Run();
