using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Net;
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

    private readonly ConcurrentDictionary<Type, Func<object, string?>> _routes = new();
    private readonly Func<object, object?> _endpoint;

    private HttpContextShape(Type type)
    {
        Type = type;
        var root = MemberReader.BaseNamed(type, HttpContextType);
        Method = MemberReader.Compile<string>(root, "Request.Method");
        Scheme = MemberReader.Compile<string>(root, "Request.Scheme");
        Host = MemberReader.Compile<string?>(root, "Request.Host.Value");
        PathBase = MemberReader.Compile<string?>(root, "Request.PathBase.Value");
        Path = MemberReader.Compile<string?>(root, "Request.Path.Value");
        StatusCode = MemberReader.Compile<int>(root, "Response.StatusCode");
        RemoteAddress = MemberReader.Compile<IPAddress?>(root, "Connection.RemoteIpAddress");
        RemotePort = MemberReader.Compile<int>(root, "Connection.RemotePort");
        Header = CompileHeader(root);
        _endpoint = CompileEndpoint(root);
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

    /// <summary>The route template of the endpoint routing matched (<c>/orders/{id}</c>), or null when none matched.</summary>
    public string? RouteTemplate(object httpContext)
    {
        var endpoint = _endpoint(httpContext);
        if (endpoint is null)
        {
            return null;
        }

        var text = _routes.GetOrAdd(endpoint.GetType(), CompileRoute)(endpoint);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text[0] == '/' ? text : "/" + text;
    }

    private static CarrierGetter<object> CompileHeader(Type root)
    {
        var context = Expression.Parameter(typeof(object), "carrier");
        var key = Expression.Parameter(typeof(string), "key");
        var headers = Expression.Property(Expression.Property(Expression.Convert(context, root), "Request"), "Headers");
        var dictionary = headers.Type.FullName == HeaderDictionaryType ? headers.Type : throw new MissingMemberException(headers.Type.FullName, "Item");
        var values = Expression.Property(headers, MemberReader.Property(dictionary, "Item", typeof(string)), key);
        var text = Expression.Call(values, values.Type.GetMethod(nameof(ToString), Type.EmptyTypes)!);
        var read = Expression.Lambda<Func<object, string, string>>(text, context, key).Compile();
        return (carrier, name) =>
        {
            var value = read(carrier, name);
            return value.Length == 0 ? null : value;
        };
    }

    private static Func<object, object?> CompileEndpoint(Type root)
    {
        var extensions = root.Assembly.GetType(EndpointExtensionsType) ?? throw new MissingMemberException(EndpointExtensionsType);
        var getEndpoint = extensions.GetMethod("GetEndpoint", [root]) ?? throw new MissingMemberException(EndpointExtensionsType, "GetEndpoint");
        var context = Expression.Parameter(typeof(object), "context");
        var call = Expression.Call(getEndpoint, Expression.Convert(context, root));
        return Expression.Lambda<Func<object, object?>>(MemberReader.Convert(call, typeof(object)), context).Compile();
    }

    private static Func<object, string?> CompileRoute(Type endpointType)
    {
        // RouteEndpoint.RoutePattern.RawText; other endpoint kinds carry no template.
        if (endpointType.GetProperty("RoutePattern") is null)
        {
            return static _ => null;
        }

        return MemberReader.Compile<string?>(endpointType, "RoutePattern.RawText");
    }
}
