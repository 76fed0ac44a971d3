using System.Diagnostics;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Core.Exporting.Otlp;
using Sightline.Spi.Exporting;
using Status = OpenTelemetry.Proto.Trace.V1.Status;

namespace Sightline.Core.Tests.Exporting;

/// <summary>
/// What the agent's own OTLP serializer writes, read back by the generated protobuf classes of the OTLP protos on a
/// real receiver, over both transports: every span field, every attribute type, events, links, status, resource and
/// one scope per ActivitySource.
/// </summary>
public sealed class OtlpSerializationTests : IDisposable
{
    private static readonly ActivitySource Shop = new("Test.Otlp.Shop", "2.1.0");
    private static readonly ActivitySource Framework = new("Test.Otlp.Framework");

    private readonly ActivityListener _listener = new()
    {
        // By name: comparing with the static fields would create the sources inside the listener's own registration.
        ShouldListenTo = source => source.Name.StartsWith("Test.Otlp.", StringComparison.Ordinal),
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public OtlpSerializationTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task Every_span_field_and_attribute_type_arrives_as_OpenTelemetry_defines_it(string protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var exporter = Exporter(receiver, protocol, new Dictionary<string, string> { ["deployment.environment"] = "test", ["service.name"] = "ignored" });
        var remoteParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "vendor=1", isRemote: true);
        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, "other=2", isRemote: true);
        var links = new[] { new ActivityLink(linked, new ActivityTagsCollection { ["link.kind"] = "follows" }) };

        var server = Shop.StartActivity("GET /orders/{id}", ActivityKind.Server, remoteParent, links: links)!;
        server.SetTag("text", "plain");
        server.SetTag("long.text", new string('x', 300));
        server.SetTag("euro", new string('€', 42));
        server.SetTag("mixed", new string('x', 200) + "€");
        server.SetTag("clé", "valeur");
        server.SetTag("number.clé", 8);
        server.SetTag("flag", true);
        server.SetTag("int", -7);
        server.SetTag("long", 1L << 40);
        server.SetTag("short", (short)12);
        server.SetTag("double", 2.5);
        server.SetTag("float", 0.5f);
        server.SetTag("strings", new[] { "a", "b" });
        server.SetTag("ints", new[] { 1, 2, 3 });
        server.SetTag("bytes", new byte[] { 1, 2, 255 });
        server.SetTag("uri", new Uri("http://shop/x"));
        server.SetTag("nothing", null);
        server.AddEvent(new ActivityEvent("exception", new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), new ActivityTagsCollection { ["exception.type"] = "System.IO.IOException", ["attempt"] = 2 }));
        server.SetStatus(ActivityStatusCode.Error, "broken pipe");
        var client = Framework.StartActivity("SELECT", ActivityKind.Client)!;
        client.SetTag("otel.status_code", "ERROR");
        client.SetTag("otel.status_description", "legacy");
        client.Stop();
        var local = Shop.StartActivity("local", ActivityKind.Internal)!;
        local.SetStatus(ActivityStatusCode.Ok);
        local.Stop();
        var kinds = new[] { ActivityKind.Producer, ActivityKind.Consumer }.Select(kind =>
        {
            var span = Shop.StartActivity(kind.ToString(), kind)!;
            span.Stop();
            return span;
        }).ToArray();
        server.Stop();

        Assert.Equal(ExportResult.Success, await exporter.ExportAsync([client, local, .. kinds, server], TestContext.Current.CancellationToken));
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(receiver.Requests);
        var resourceSpans = Assert.Single(request.ResourceSpans);
        var resource = resourceSpans.Resource.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue);
        Assert.Equal("checkout", resource["service.name"]);
        Assert.Equal("test", resource["deployment.environment"]);
        Assert.Equal("sightline", resource["telemetry.sdk.name"]);
        Assert.Equal("dotnet", resource["telemetry.sdk.language"]);
        Assert.Single(resourceSpans.Resource.Attributes, a => a.Key == "service.name");
        Assert.Equal(["Test.Otlp.Framework/", "Test.Otlp.Shop/2.1.0"], resourceSpans.ScopeSpans.Select(s => $"{s.Scope.Name}/{s.Scope.Version}").Order());
        Assert.Equal(["SELECT"], resourceSpans.ScopeSpans.Single(s => s.Scope.Name == "Test.Otlp.Framework").Spans.Select(s => s.Name));

        var spans = resourceSpans.ScopeSpans.SelectMany(s => s.Spans).ToDictionary(s => s.Name);
        var got = spans["GET /orders/{id}"];
        Assert.Equal(server.TraceId.ToHexString(), Convert.ToHexStringLower(got.TraceId.Span));
        Assert.Equal(server.SpanId.ToHexString(), Convert.ToHexStringLower(got.SpanId.Span));
        Assert.Equal(remoteParent.SpanId.ToHexString(), Convert.ToHexStringLower(got.ParentSpanId.Span));
        Assert.Equal("vendor=1", got.TraceState);
        Assert.Equal(0x301u, got.Flags);
        Assert.Equal(Span.Types.SpanKind.Server, got.Kind);
        Assert.Equal((ulong)(server.StartTimeUtc - DateTime.UnixEpoch).Ticks * 100, got.StartTimeUnixNano);
        Assert.Equal(got.StartTimeUnixNano + ((ulong)server.Duration.Ticks * 100), got.EndTimeUnixNano);

        var attributes = got.Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("plain", attributes["text"].StringValue);
        Assert.Equal(new string('x', 300), attributes["long.text"].StringValue);
        Assert.Equal(new string('€', 42), attributes["euro"].StringValue);
        Assert.Equal(new string('x', 200) + "€", attributes["mixed"].StringValue);
        Assert.Equal("valeur", attributes["clé"].StringValue);
        Assert.Equal(8, attributes["number.clé"].IntValue);
        Assert.True(attributes["flag"].BoolValue);
        Assert.Equal(-7, attributes["int"].IntValue);
        Assert.Equal(1L << 40, attributes["long"].IntValue);
        Assert.Equal(12, attributes["short"].IntValue);
        Assert.Equal(2.5, attributes["double"].DoubleValue);
        Assert.Equal(0.5, attributes["float"].DoubleValue);
        Assert.Equal(["a", "b"], attributes["strings"].ArrayValue.Values.Select(v => v.StringValue));
        Assert.Equal([1L, 2L, 3L], attributes["ints"].ArrayValue.Values.Select(v => v.IntValue));
        Assert.Equal(new byte[] { 1, 2, 255 }, attributes["bytes"].BytesValue.ToByteArray());
        Assert.Equal("http://shop/x", attributes["uri"].StringValue);
        Assert.False(attributes.ContainsKey("nothing"));

        var exception = Assert.Single(got.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal((ulong)(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100, exception.TimeUnixNano);
        Assert.Equal("System.IO.IOException", exception.Attributes.Single(a => a.Key == "exception.type").Value.StringValue);
        Assert.Equal(2, exception.Attributes.Single(a => a.Key == "attempt").Value.IntValue);

        var link = Assert.Single(got.Links);
        Assert.Equal(linked.TraceId.ToHexString(), Convert.ToHexStringLower(link.TraceId.Span));
        Assert.Equal(linked.SpanId.ToHexString(), Convert.ToHexStringLower(link.SpanId.Span));
        Assert.Equal("other=2", link.TraceState);
        Assert.Equal(0x300u, link.Flags);
        Assert.Equal("follows", Assert.Single(link.Attributes).Value.StringValue);

        Assert.Equal(Status.Types.StatusCode.Error, got.Status.Code);
        Assert.Equal("broken pipe", got.Status.Message);
        Assert.Equal(Status.Types.StatusCode.Error, spans["SELECT"].Status.Code);
        Assert.Equal("legacy", spans["SELECT"].Status.Message);
        Assert.DoesNotContain(spans["SELECT"].Attributes, a => a.Key.StartsWith("otel.status", StringComparison.Ordinal));
        Assert.Equal(Status.Types.StatusCode.Ok, spans["local"].Status.Code);
        Assert.Equal(Span.Types.SpanKind.Client, spans["SELECT"].Kind);
        Assert.Equal(Span.Types.SpanKind.Internal, spans["local"].Kind);
        Assert.Equal(Span.Types.SpanKind.Producer, spans["Producer"].Kind);
        Assert.Equal(Span.Types.SpanKind.Consumer, spans["Consumer"].Kind);
        Assert.Equal(server.SpanId.ToHexString(), Convert.ToHexStringLower(spans["local"].ParentSpanId.Span));
        Assert.Equal(0x101u, spans["local"].Flags);
        Assert.Equal(string.Empty, spans["local"].Status.Message);
    }

    [Fact]
    public async Task A_batch_larger_than_the_first_buffer_arrives_whole()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var exporter = Exporter(receiver, "http/protobuf", new Dictionary<string, string>());
        var batch = Enumerable.Range(0, 600).Select(i =>
        {
            var span = Shop.StartActivity($"span {i}")!;
            span.SetTag("payload", new string((char)('a' + (i % 26)), 500));
            span.Stop();
            return span;
        }).ToArray();

        Assert.Equal(ExportResult.Success, await exporter.ExportAsync(batch, TestContext.Current.CancellationToken));
        Assert.Equal(ExportResult.Success, await exporter.ExportAsync(batch[..3], TestContext.Current.CancellationToken));
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);

        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].CalculateSize() > 300_000);
        Assert.Equal(batch.Select(s => s.DisplayName), requests[0].ResourceSpans.Single().ScopeSpans.Single().Spans.Select(s => s.Name));
        Assert.Equal(new string('z', 500), requests[0].ResourceSpans[0].ScopeSpans[0].Spans[25].Attributes.Single().Value.StringValue);
        Assert.Equal(["span 0", "span 1", "span 2"], requests[1].ResourceSpans.Single().ScopeSpans.Single().Spans.Select(s => s.Name));
    }

    [Theory]
    [InlineData(400, ExportResult.PermanentFailure)]
    [InlineData(429, ExportResult.RetryableFailure)]
    [InlineData(503, ExportResult.RetryableFailure)]
    public async Task An_HTTP_receiver_s_refusal_is_retried_only_when_it_says_to_try_later(int status, ExportResult expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync(answer: status);
        var exporter = Exporter(receiver, "http/protobuf", new Dictionary<string, string>());
        var span = Shop.StartActivity("refused")!;
        span.Stop();

        Assert.Equal(expected, await exporter.ExportAsync([span], TestContext.Current.CancellationToken));
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    private static OtlpExporter Exporter(OtlpReceiver receiver, string protocol, Dictionary<string, string> resource) =>
        new(OtlpExporterSettings.FromVariables(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{(protocol == "grpc" ? receiver.GrpcPort : receiver.HttpPort)}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_SERVICE_NAME"] = "checkout",
        }.GetValueOrDefault) with
        { ResourceAttributes = resource });
}
