using Google.Protobuf;
using Grpc.Core;

namespace Sightline.Storage.Grpc;

/// <summary>
/// Request marshallers for the write methods. The generated ones let a parse failure surface as UNKNOWN; these
/// answer INVALID_ARGUMENT with the parser's reason, as for any other bad input.
/// </summary>
public static class ValidatingMarshaller
{
    public static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T> => Marshallers.Create<T>(
            message => message.ToByteArray(),
            bytes =>
            {
                try
                {
                    return parser.ParseFrom(bytes);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"malformed protobuf {typeof(T).Name}: {ex.Message}"));
                }
            });

    public static Method<TRequest, TResponse> Method<TRequest, TResponse>(MethodType type, string service, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> => new(type, service, name, For(request), For(response));
}
