namespace Sightline.Plugins.AspNetCore;

/// <summary>Target names and tag keys of the ASP.NET Core plugin.</summary>
internal static class AspNetCoreNames
{
    public const string Assembly = "Microsoft.AspNetCore.Hosting";
    public const string Diagnostics = "Microsoft.AspNetCore.Hosting.HostingApplicationDiagnostics";
    public const string HttpContext = "Microsoft.AspNetCore.Http.HttpContext";
    public const string HostContext = "Microsoft.AspNetCore.Hosting.HostingApplication+Context";
    public const string StartActivity = "StartActivity";
    public const string StopActivity = "StopActivity";

    public const string KestrelAssembly = "Microsoft.AspNetCore.Server.Kestrel.Core";
    public const string KestrelProtocol = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol";
    public const string ReportApplicationError = "ReportApplicationError";

    public const string Component = "AspNetCore";

    // The request Activity ASP.NET Core creates with `new Activity(...)` when nobody samples its ActivitySource
    // (logging or a DiagnosticListener asked for one).
    public const string HostingActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    // OpenTelemetry semantic conventions for HTTP servers.
    public const string Method = "http.request.method";
    public const string Url = "url.full";
    public const string Path = "url.path";
    public const string Route = "http.route";
    public const string StatusCode = "http.response.status_code";
    public const string ClientAddress = "client.address";
    public const string ClientPort = "client.port";
}
