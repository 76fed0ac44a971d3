using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Sightline.Spi.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AspNetCore.Shapes;

/// <summary>
/// What the plugin reads from an <c>HttpContext</c>, compiled once for its run-time type (<c>DefaultHttpContext</c>
/// in every server that ships with ASP.NET Core).
/// </summary>
internal sealed class HttpContextShape
{
    private const string HttpContextType = "Microsoft.AspNetCore.Http.HttpContext";
    private const string HeaderDictionaryType = "Microsoft.AspNetCore.Http.IHeaderDictionary";
    private const string EndpointExtensionsType = "Microsoft.AspNetCore.Http.EndpointHttpContextExtensions";

    private static HttpContextShape? _last;

    private static readonly HttpRoute NoTemplate = HttpRoute.Parse(string.Empty, static _ => null);

    private readonly ConcurrentDictionary<Type, Func<object, object?>> _patterns = new();
    private readonly ConditionalWeakTable<object, HttpRoute> _templates = new();

    // Kept, so that looking a template up does not allocate a delegate for the instance method on every request.
    private readonly ConditionalWeakTable<object, HttpRoute>.CreateValueCallback _parseTemplate;
    private readonly Func<object, object?> _endpoint;
    private readonly Func<object, object?> _routeValues;

    private HttpContextShape(Type type)
    {
        Type = type;
        var root = MemberAccess.BaseNamed(type, HttpContextType);
        Method = MemberAccess.Getter<string>(root, "Request.Method");
        Scheme = MemberAccess.Getter<string>(root, "Request.Scheme");
        Host = MemberAccess.Getter<string?>(root, "Request.Host.Value");
        PathBase = MemberAccess.Getter<string?>(root, "Request.PathBase.Value");
        Path = MemberAccess.Getter<string?>(root, "Request.Path.Value");
        StatusCode = MemberAccess.Getter<int>(root, "Response.StatusCode");
        RemoteAddress = MemberAccess.Getter<IPAddress?>(root, "Connection.RemoteIpAddress");
        RemotePort = MemberAccess.Getter<int>(root, "Connection.RemotePort");
        Header = CompileHeader(root);
        _parseTemplate = ParseTemplate;
        _endpoint = CompileEndpoint(root);
        _routeValues = MemberAccess.Getter<object?>(root, "Request.RouteValues");
    }

    public Type Type { get; }

    public Func<object, string> Method { get; }

    public Func<object, string> Scheme { get; }

    public Func<object, string?> Host { get; }

    public Func<object, string?> PathBase { get; }

    public Func<object, string?> Path { get; }

    public Func<object, int> StatusCode { get; }

    public Func<object, IPAddress?> RemoteAddress { get; }

    public Func<object, int> RemotePort { get; }

    /// <summary>Reads one request header (all its values joined with commas), null when absent; the tracer's carrier getter.</summary>
    public CarrierGetter<object> Header { get; }

    public static HttpContextShape For(Type type)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Type == type)
        {
            return last;
        }

        last = new HttpContextShape(type);
        Volatile.Write(ref _last, last);
        return last;
    }

    /// <summary>
    /// The route template of the endpoint routing matched, normalised as <c>http.route</c> (<c>/orders/{id}</c> for
    /// <c>/orders/{id:int}</c>; see <see cref="HttpRoute"/>), or null when none matched.
    /// </summary>
    /// <param name="httpContext">The request's context.</param>
    /// <param name="template">The parsed template, which names the span after the route; null when none matched.</param>
    public string? RouteTemplate(object httpContext, out HttpRoute? template)
    {
        template = null;
        var endpoint = _endpoint(httpContext);
        if (endpoint is null)
        {
            return null;
        }

        var parsed = _templates.GetValue(endpoint, _parseTemplate);
        if (ReferenceEquals(parsed, NoTemplate))
        {
            return null;
        }

        template = parsed;
        if (parsed.Fixed is { } route)
        {
            return route;
        }

        var values = _routeValues(httpContext) as IReadOnlyDictionary<string, object?>;
        return parsed.Resolve(values, static (values, name) => values is not null && values.TryGetValue(name, out var value) && value is not null);
    }

    private HttpRoute ParseTemplate(object endpoint)
    {
        // RouteEndpoint.RoutePattern: its RawText as written, and the values MVC binds controller and action to.
        var pattern = _patterns.GetOrAdd(endpoint.GetType(), CompilePattern)(endpoint);
        if (pattern?.GetType().GetProperty("RawText")?.GetValue(pattern) is not string { Length: > 0 } raw)
        {
            return NoTemplate;
        }

        var bound = pattern.GetType().GetProperty("RequiredValues")?.GetValue(pattern) as IReadOnlyDictionary<string, object?>;
        return HttpRoute.Parse(raw, name => bound is not null && bound.TryGetValue(name, out var value) ? value as string : null);
    }

    private static CarrierGetter<object> CompileHeader(Type root)
    {
        var read = MemberAccess.IndexedText<string>(root, "Request.Headers", HeaderDictionaryType);
        return (carrier, name) => read(carrier, name) is { Length: > 0 } value ? value : null;
    }

    private static Func<object, object?> CompileEndpoint(Type root)
    {
        var extensions = root.Assembly.GetType(EndpointExtensionsType) ?? throw new MissingMemberException(EndpointExtensionsType);
        var getEndpoint = extensions.GetMethod("GetEndpoint", [root]) ?? throw new MissingMemberException(EndpointExtensionsType, "GetEndpoint");
        return MemberAccess.StaticCall<object?>(getEndpoint);
    }

    private static Func<object, object?> CompilePattern(Type endpointType)
    {
        // Other endpoint kinds than RouteEndpoint carry no pattern.
        if (endpointType.GetProperty("RoutePattern") is null)
        {
            return static _ => null;
        }

        return MemberAccess.Getter<object?>(endpointType, "RoutePattern");
    }
}
