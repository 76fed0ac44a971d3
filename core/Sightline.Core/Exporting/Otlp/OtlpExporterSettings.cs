using System.Globalization;
using Sightline.Core.Configuration;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>
/// Where and how the OTLP exporter sends, read from the standard <c>OTEL_EXPORTER_OTLP_*</c> variables: the
/// <c>_TRACES_</c> form wins over the generic one, as the OpenTelemetry specification says. A bad value is
/// reported in <see cref="Problems"/> and replaced by the default; it never stops the agent.
/// </summary>
public sealed record OtlpExporterSettings
{
    /// <summary>gRPC, the .NET exporter's default.</summary>
    public const string GrpcProtocol = "grpc";

    /// <summary>Protobuf over HTTP POST to <c>/v1/traces</c>.</summary>
    public const string HttpProtobufProtocol = "http/protobuf";

    /// <summary>The full URL spans are sent to (for HTTP it includes <c>/v1/traces</c>).</summary>
    public Uri Endpoint { get; init; } = new("http://localhost:4317");

    /// <summary><see cref="GrpcProtocol"/> or <see cref="HttpProtobufProtocol"/>.</summary>
    public string Protocol { get; init; } = GrpcProtocol;

    /// <summary>Extra request headers by name, their values percent-decoded; empty for none.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Deadline of one export request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The service name for the resource; null lets <c>OTEL_SERVICE_NAME</c> and the SDK default decide.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The <c>service.instance.id</c> resource attribute; null for none.</summary>
    public string? ServiceInstanceId { get; init; }

    /// <summary>More resource attributes (<c>OTEL_RESOURCE_ATTRIBUTES</c> and the agent's own setting).</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Settings that were set but could not be used, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Reads the settings from the process environment.</summary>
    public static OtlpExporterSettings FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="variable"/> (a name-to-value lookup such as the environment).</summary>
    public static OtlpExporterSettings FromVariables(Func<string, string?> variable)
    {
        var problems = new List<string>();
        var protocol = GrpcProtocol;
        var (protocolName, protocolValue) = First(variable, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
        if (protocolValue is not null)
        {
            if (protocolValue.Trim() is GrpcProtocol or HttpProtobufProtocol)
            {
                protocol = protocolValue.Trim();
            }
            else
            {
                problems.Add($"{protocolName}='{protocolValue}' is not supported (use '{GrpcProtocol}' or '{HttpProtobufProtocol}'); using '{GrpcProtocol}'.");
            }
        }

        var endpoint = DefaultEndpoint(protocol);
        var traces = variable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        var generic = variable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(traces))
        {
            // The signal-specific endpoint is used as given.
            endpoint = ParseEndpoint("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces, appendPath: null, problems) ?? endpoint;
        }
        else if (!string.IsNullOrWhiteSpace(generic))
        {
            // The generic endpoint is a base URL: HTTP appends the signal path, gRPC uses it as is.
            endpoint = ParseEndpoint("OTEL_EXPORTER_OTLP_ENDPOINT", generic, protocol == HttpProtobufProtocol ? "v1/traces" : null, problems) ?? endpoint;
        }

        IReadOnlyDictionary<string, string> headers = new Dictionary<string, string>();
        var (headersName, headersValue) = First(variable, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
        if (headersValue is not null)
        {
            if (HeadersOf(headersValue) is { } parsed)
            {
                headers = parsed;
            }
            else
            {
                problems.Add($"{headersName} must be 'key=value' pairs separated by commas; the headers are ignored.");
            }
        }

        var timeout = TimeSpan.FromSeconds(10);
        var (timeoutName, timeoutValue) = First(variable, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
        if (timeoutValue is not null)
        {
            if (int.TryParse(timeoutValue.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0)
            {
                timeout = TimeSpan.FromMilliseconds(milliseconds);
            }
            else
            {
                problems.Add($"{timeoutName}='{timeoutValue}' is not a positive number of milliseconds; using 10000.");
            }
        }

        var serviceName = variable("OTEL_SERVICE_NAME");
        return new OtlpExporterSettings
        {
            Protocol = protocol,
            Endpoint = endpoint,
            Headers = headers,
            Timeout = timeout,
            ServiceName = string.IsNullOrWhiteSpace(serviceName) ? null : serviceName.Trim(),
            Problems = problems,
        };
    }

    /// <summary>The spec's default endpoint for <paramref name="protocol"/>.</summary>
    public static Uri DefaultEndpoint(string protocol) =>
        protocol == HttpProtobufProtocol ? new Uri("http://localhost:4318/v1/traces") : new Uri("http://localhost:4317");

    private static (string Name, string? Value) First(Func<string, string?> variable, string specific, string generic)
    {
        var value = variable(specific);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return (specific, value);
        }

        value = variable(generic);
        return string.IsNullOrWhiteSpace(value) ? (generic, null) : (generic, value);
    }

    private static Uri? ParseEndpoint(string name, string value, string? appendPath, List<string> problems)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{name}='{value}' is not an absolute http:// or https:// URL; using the default endpoint.");
            return null;
        }

        if (appendPath is null)
        {
            return uri;
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath + appendPath : uri.AbsolutePath + "/" + appendPath;
        return new UriBuilder(uri) { Path = path }.Uri;
    }

    // The same parser as every key=value setting (values percent-decoded once); a blank key is refused too.
    private static IReadOnlyDictionary<string, string>? HeadersOf(string value)
    {
        try
        {
            var pairs = SettingParsers.KeyValues(value);
            return pairs.Keys.Any(string.IsNullOrWhiteSpace) ? null : pairs;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
