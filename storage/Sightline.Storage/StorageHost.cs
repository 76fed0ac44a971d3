namespace Sightline.Storage;

/// <summary>Builds the storage server's web host, so tests start it exactly as <c>Program</c> does.</summary>
public static class StorageHost
{
    /// <summary>Default address: loopback only, unless the user asks otherwise (ARCHITECTURE.md, rules).</summary>
    public const string DefaultUrl = "http://127.0.0.1:16686";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
