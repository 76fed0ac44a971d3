namespace Sightline.Plugins.Logging;

/// <summary>Target names of the log-correlation plugin.</summary>
internal static class LoggingNames
{
    public const string Assembly = "Microsoft.Extensions.Logging";
    public const string LoggerFactory = "Microsoft.Extensions.Logging.LoggerFactory";
    public const string ScopeProvider = "Microsoft.Extensions.Logging.LoggerFactoryScopeProvider";
    public const string ExternalScopeProvider = "Microsoft.Extensions.Logging.IExternalScopeProvider";
    public const string FactoryOptions = "Microsoft.Extensions.Logging.LoggerFactoryOptions";
    public const string TrackingOptions = "Microsoft.Extensions.Logging.ActivityTrackingOptions";
    public const string TrackingOptionsProperty = "ActivityTrackingOptions";

    // ActivityTrackingOptions.SpanId | ActivityTrackingOptions.TraceId: the flags' values are part of the public API.
    public const int SpanIdAndTraceId = 1 | 2;
}
