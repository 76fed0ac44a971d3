using Sightline.Spi.Plugins;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.Grpc.Shapes;

/// <summary>What the server plugin reads from <c>HttpContextServerCallContext</c>, compiled once for the type.</summary>
internal sealed class ServerCallShape
{
    private const string HeaderDictionaryType = "Microsoft.AspNetCore.Http.IHeaderDictionary";

    private static ServerCallShape? _last;

    private ServerCallShape(Type type)
    {
        Type = type;
        Method = MemberAccess.Getter<string>(type, "MethodCore");
        StatusCode = MemberAccess.Getter<int>(type, "StatusCore.StatusCode");
        Header = CompileHeader(type);
    }

    public Type Type { get; }

    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public Func<object, string> Method { get; }

    /// <summary>The call's status code as it stands.</summary>
    public Func<object, int> StatusCode { get; }

    /// <summary>Reads one request header (metadata entry) of the call; the tracer's carrier getter.</summary>
    public CarrierGetter<object> Header { get; }

    public static ServerCallShape For(Type type)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Type == type)
        {
            return last;
        }

        last = new ServerCallShape(type);
        Volatile.Write(ref _last, last);
        return last;
    }

    private static CarrierGetter<object> CompileHeader(Type type)
    {
        var read = MemberAccess.IndexedText<string>(type, "HttpContext.Request.Headers", HeaderDictionaryType);
        return (carrier, name) => read(carrier, name) is { Length: > 0 } value ? value : null;
    }
}
