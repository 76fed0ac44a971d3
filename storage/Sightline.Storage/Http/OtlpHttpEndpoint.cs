using System.IO.Compression;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Hosting;
using Sightline.Storage.Store;

namespace Sightline.Storage.Http;

/// <summary>
/// OTLP/HTTP <c>POST /v1/traces</c>: protobuf or JSON body, optionally gzip. A bad body is answered 400 with a
/// <c>google.rpc.Status</c> saying what was wrong (in the request's encoding) and nothing of it is stored; a body
/// over the size limit, compressed or not, is answered 413.
/// </summary>
public static class OtlpHttpEndpoint
{
    private const int InvalidArgument = 3;
    private const int ResourceExhausted = 8;

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/v1/traces", HandleAsync);

    private static async Task HandleAsync(HttpContext context, ISpanStore store, IOptions<StorageOptions> options)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var json = contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        if (!json && !contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, InvalidArgument, $"unsupported content type \"{contentType}\": use application/x-protobuf or application/json", json).ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context, options.Value.MaxRequestBytes).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, ResourceExhausted, $"request body exceeds the limit of {options.Value.MaxRequestBytes} bytes", json).ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException ex)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, InvalidArgument, $"body is not valid gzip: {ex.Message}", json).ConfigureAwait(false);
            return;
        }

        List<Model.SpanRecord> records;
        try
        {
            var request = json ? OtlpJsonReader.Parse(System.Text.Encoding.UTF8.GetString(body)) : ParseProtobuf(body);
            records = OtlpSpanRecordFactory.Create(request);
        }
        catch (InvalidSpanException ex)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, InvalidArgument, ex.Message, json).ConfigureAwait(false);
            return;
        }

        await store.WriteAsync(records, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}", context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(new ExportTraceServiceResponse().ToByteArray(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static ExportTraceServiceRequest ParseProtobuf(byte[] body)
    {
        try
        {
            return ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidSpanException($"malformed protobuf: {ex.Message}");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context, long limit)
    {
        Stream source = context.Request.Body;
        var gzip = string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip)
        {
            source = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        }

        await using (source.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                // Checked on the decompressed size too: a small gzip bomb must not inflate past the limit.
                if (buffer.Length + read > limit)
                {
                    throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static async Task ErrorAsync(HttpContext context, int httpStatus, int rpcCode, string message, bool json)
    {
        context.Response.StatusCode = httpStatus;
        if (json)
        {
            await context.Response.WriteAsJsonAsync(new { code = rpcCode, message }, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(new Google.Rpc.Status { Code = rpcCode, Message = message }.ToByteArray(), context.RequestAborted).ConfigureAwait(false);
        }
    }
}
