using System.Linq.Expressions;
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
        Method = MemberReader.Compile<string>(type, "MethodCore");
        StatusCode = MemberReader.Compile<int>(type, "StatusCore.StatusCode");
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
        var call = Expression.Parameter(typeof(object), "carrier");
        var key = Expression.Parameter(typeof(string), "key");
        var headers = Expression.Property(Expression.Property(Expression.Property(Expression.Convert(call, type), "HttpContext"), "Request"), "Headers");
        var dictionary = headers.Type.FullName == HeaderDictionaryType ? headers.Type : throw new MissingMemberException(headers.Type.FullName, "Item");
        var values = Expression.Property(headers, MemberReader.Property(dictionary, "Item", typeof(string)), key);
        var text = Expression.Call(values, values.Type.GetMethod(nameof(ToString), Type.EmptyTypes)!);
        var read = Expression.Lambda<Func<object, string, string>>(text, call, key).Compile();
        return (carrier, name) =>
        {
            var value = read(carrier, name);
            return value.Length == 0 ? null : value;
        };
    }
}
