namespace Sightline.Scenarios.Definition;

/// <summary>One app of a scenario: a project built and started as <c>dotnet app.dll --urls …</c> with the agent.</summary>
public sealed class AppDefinition
{
    /// <summary>The app's name, used by requests, by <c>{url:name}</c> placeholders and in reports.</summary>
    public string Name { get; set; } = "app";

    /// <summary>The project file, relative to the scenario folder.</summary>
    public string Project { get; set; } = string.Empty;

    /// <summary>The service name the agent reports (OTEL_SERVICE_NAME); the app's name when empty.</summary>
    public string Service { get; set; } = string.Empty;

    /// <summary>A path that answers once the app is up (any HTTP status counts).</summary>
    public string Ready { get; set; } = "/";

    /// <summary>
    /// Environment variables for this app; <c>{url:other}</c> is replaced by the other app's base address and
    /// <c>{work}</c> by the scenario's temporary folder.
    /// </summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Serve HTTP/2 without TLS only (gRPC servers).</summary>
    public bool Http2 { get; set; }

    /// <summary>The service name in effect.</summary>
    public string ServiceName => string.IsNullOrWhiteSpace(Service) ? Name : Service;
}
