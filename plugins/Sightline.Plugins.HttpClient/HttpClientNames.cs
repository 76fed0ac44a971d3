namespace Sightline.Plugins.HttpClient;

/// <summary>Target names and tag keys of the HttpClient plugin.</summary>
internal static class HttpClientNames
{
    public const string Assembly = "System.Net.Http";
    public const string PoolManager = "System.Net.Http.HttpConnectionPoolManager";
    public const string SendAsync = "SendAsync";
    public const string DiagnosticsHandler = "System.Net.Http.DiagnosticsHandler";
    public const string IsEnabled = "IsEnabled";

    public const string Component = "HttpClient";

    // The client Activity DiagnosticsHandler creates with `new Activity(...)` when nobody samples System.Net.Http.
    public const string HandlerActivity = "System.Net.Http.HttpRequestOut";

    // OpenTelemetry semantic conventions for HTTP clients.
    public const string Method = "http.request.method";
    public const string Url = "url.full";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string StatusCode = "http.response.status_code";
}
