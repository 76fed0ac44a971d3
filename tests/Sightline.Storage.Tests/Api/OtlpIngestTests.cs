using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Tests.Conformance;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Api;

/// <summary>OTLP/HTTP (protobuf, JSON, gzip) and OTLP/gRPC ingest, including every kind of bad request.</summary>
public sealed class OtlpIngestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Protobuf_gzip_protobuf_and_json_bodies_are_all_stored(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        using var http = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };
        var protobuf = Request("proto-service", 1);
        var gzipped = Request("gzip-service", 2);
        var json = new JsonFormatterFree(Request("json-service", 3)).Json;

        var plain = await http.PostAsync("/v1/traces", Content(protobuf.ToByteArray(), "application/x-protobuf"), Ct);
        var compressed = Content(Gzip(gzipped.ToByteArray()), "application/x-protobuf");
        compressed.Headers.ContentEncoding.Add("gzip");
        var zipped = await http.PostAsync("/v1/traces", compressed, Ct);
        var text = await http.PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("application/x-protobuf", plain.Content.Headers.ContentType?.MediaType);
        ExportTraceServiceResponse.Parser.ParseFrom(await plain.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal(["gzip-service", "json-service", "proto-service"], (await server.Store.GetServicesAsync(Ct)).Order());
        Assert.Single(await server.Store.GetTraceAsync(new TraceId(0, 3), Ct));
    }

    [Theory]
    [InlineData("application/x-protobuf", new byte[] { 0x0a, 0xff, 0xff, 0xff }, "malformed protobuf")]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'"', (byte)'r' }, "malformed JSON")]
    public async Task Malformed_bodies_get_400_with_the_reason_and_store_nothing(string contentType, byte[] body, string reason)
    {
        await using var server = await RunningServer.StartAsync("sqlite");
        using var http = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };

        var response = await http.PostAsync("/v1/traces", Content(body, contentType), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = contentType == "application/json"
            ? (await response.Content.ReadAsStringAsync(Ct))
            : Google.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct)).Message;
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Empty(await server.Store.GetServicesAsync(Ct));
    }

    [Theory]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz000000000000000000000000000001","spanId":"0000000000000001"}]}]}]}""", "is not a hex string")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0001","spanId":"0000000000000001"}]}]}]}""", "trace_id must be 16 bytes")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000000","spanId":"0000000000000001"}]}]}]}""", "all zeroes")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"01"}]}]}]}""", "span_id must be 8 bytes")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","startTimeUnixNano":"soon"}]}]}]}""", "invalid OTLP JSON")]
    [InlineData("""[1,2,3]""", "JSON object")]
    public async Task Invalid_spans_in_json_are_refused_and_the_whole_request_is_dropped(string json, string reason)
    {
        await using var server = await RunningServer.StartAsync("sqlite");
        using var http = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };
        // A valid span first: it must not be stored either, since the request as a whole is refused.
        var withValidFirst = json.StartsWith("{\"resourceSpans\":[", StringComparison.Ordinal)
            ? json.Replace("{\"resourceSpans\":[", """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"000000000000000000000000000000aa","spanId":"0000000000000001","name":"ok"}]}]},""", StringComparison.Ordinal)
            : json;

        var response = await http.PostAsync("/v1/traces", new StringContent(withValidFirst, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await server.Store.GetTraceAsync(new TraceId(0, 0xaa), Ct));
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_413_plain_or_gzip_inflated()
    {
        // Small enough that the whole oversized message fits in HTTP/2's first flow-control window: the server
        // reads it all before refusing, so the client always sees the refusal rather than a reset stream.
        await using var server = await RunningServer.StartAsync("sqlite", o => o.MaxRequestBytes = 16 * 1024);
        using var http = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };
        var big = Request("big-service", 1);
        big.ResourceSpans[0].ScopeSpans[0].Spans[0].Name = new string('x', 24 * 1024);

        var plain = await http.PostAsync("/v1/traces", Content(big.ToByteArray(), "application/x-protobuf"), Ct);
        var bomb = Content(Gzip(big.ToByteArray()), "application/x-protobuf");
        bomb.Headers.ContentEncoding.Add("gzip");
        var inflated = await http.PostAsync("/v1/traces", bomb, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, inflated.StatusCode);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new TraceService.TraceServiceClient(server.OtlpChannel()).ExportAsync(big, cancellationToken: Ct));
        Assert.True(error.StatusCode == StatusCode.ResourceExhausted, error.ToString());
        Assert.Empty(await server.Store.GetServicesAsync(Ct));
    }

    [Fact]
    public async Task Unsupported_content_type_is_415()
    {
        await using var server = await RunningServer.StartAsync("sqlite");
        using var http = new HttpClient { BaseAddress = server.Endpoints.OtlpHttpUrl };

        var response = await http.PostAsync("/v1/traces", new StringContent("hello", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Grpc_export_with_a_bad_span_is_INVALID_ARGUMENT_and_stores_nothing(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var request = Request("grpc-service", 7);
        var bad = request.ResourceSpans[0].ScopeSpans[0].Spans[0].Clone();
        bad.SpanId = ByteString.CopyFrom(1, 2, 3);
        request.ResourceSpans[0].ScopeSpans[0].Spans.Add(bad);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new TraceService.TraceServiceClient(server.OtlpChannel()).ExportAsync(request, cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("resource_spans[0].scope_spans[0].spans[1].span_id must be 8 bytes", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await server.Store.GetTraceAsync(new TraceId(0, 7), Ct));
    }

    [Fact]
    public async Task Grpc_malformed_protobuf_is_refused_and_stores_nothing()
    {
        await using var server = await RunningServer.StartAsync("sqlite");
        var invoker = server.OtlpChannel().CreateCallInvoker();
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(raw, null, new CallOptions(cancellationToken: Ct), [0x0a, 0xff, 0xff, 0xff]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("protobuf", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await server.Store.GetServicesAsync(Ct));
    }

    internal static ExportTraceServiceRequest Request(string service, ulong traceLow)
    {
        var request = new ExportTraceServiceRequest();
        OtlpConformanceTests.AddCall(request, service, service, traceLow, DateTime.UtcNow);
        request.ResourceSpans.RemoveAt(1);
        return request;
    }

    private static ByteArrayContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>OTLP/JSON of a request, written by hand: hex ids, as the OTLP spec wants (not protobuf JSON's base64).</summary>
    private sealed class JsonFormatterFree(ExportTraceServiceRequest request)
    {
        public string Json
        {
            get
            {
                var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
                var service = request.ResourceSpans[0].Resource.Attributes[0].Value.StringValue;
                return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"" + service + "\"}}]},"
                    + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + Convert.ToHexStringLower(span.TraceId.Span) + "\",\"spanId\":\"" + Convert.ToHexStringLower(span.SpanId.Span) + "\","
                    + "\"name\":\"" + span.Name + "\",\"kind\":2,\"startTimeUnixNano\":\"" + span.StartTimeUnixNano + "\",\"endTimeUnixNano\":" + span.EndTimeUnixNano + ",\"unknownField\":1}]}]}]}";

            }
        }
    }
}
