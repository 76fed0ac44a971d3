namespace Sightline.Plugins.Grpc;

/// <summary>Splits a gRPC full method name, <c>/package.Service/Method</c>, into its service and method.</summary>
internal static class GrpcMethodName
{
    public static (string Service, string Method) Split(string fullName)
    {
        var trimmed = fullName.AsSpan().TrimStart('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? (trimmed.ToString(), string.Empty) : (trimmed[..slash].ToString(), trimmed[(slash + 1)..].ToString());
    }

    /// <summary>The gRPC status name of a code (OK, CANCELLED, ...), for the error description.</summary>
    public static string StatusName(int code) => code switch
    {
        0 => "OK",
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        6 => "ALREADY_EXISTS",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        15 => "DATA_LOSS",
        16 => "UNAUTHENTICATED",
        _ => "UNKNOWN",
    };
}
