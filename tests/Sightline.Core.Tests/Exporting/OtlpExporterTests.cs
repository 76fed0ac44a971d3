using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Exporting.Otlp;
using Sightline.Core.Tests.Buffering;

namespace Sightline.Core.Tests.Exporting;

public sealed class OtlpExporterTests
{
    private static readonly SpanBufferOptions Buffer = new() { MaxBatchSize = 8, BatchDelay = TimeSpan.FromMilliseconds(20), FlushOnProcessExit = false };
    private static readonly ExportRetryOptions Retry = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task A_real_OTLP_receiver_gets_exactly_the_spans_produced(string protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var port = protocol == "grpc" ? receiver.GrpcPort : receiver.HttpPort;
        var settings = OtlpExporterSettings.FromVariables(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-sightline-test={protocol}",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "20000",
            ["OTEL_SERVICE_NAME"] = "checkout",
        }.GetValueOrDefault);
        Assert.Empty(settings.Problems);
        using var metrics = new SpanPipelineMetrics();
        var buffer = PartitionedSpanBuffer.ForExporters(Buffer, Retry, metrics, new OtlpExporter(settings));

        var root = TestSpans.Finished("GET /cart", kind: ActivityKind.Server);
        var children = Enumerable.Range(0, 20).Select(i => TestSpans.Finished($"SELECT {i}", root, ActivityKind.Client)).ToList();
        var produced = children.Prepend(root).ToList();
        foreach (var span in produced)
        {
            Assert.True(buffer.TryOffer(span));
        }

        Assert.True(buffer.Flush(TimeSpan.FromSeconds(30)));
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(30)));

        var received = receiver.Spans;
        Assert.Equal(produced.Count, received.Count);
        Assert.Equal(
            produced.Select(s => (s.TraceId.ToHexString(), s.SpanId.ToHexString(), s.ParentSpanId == default ? string.Empty : s.ParentSpanId.ToHexString(), s.DisplayName)).Order(),
            received.Select(r => (r.TraceId, r.SpanId, r.ParentSpanId, r.Span.Name)).Order());
        var receivedRoot = Assert.Single(received, r => r.Span.Name == "GET /cart");
        Assert.Equal(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server, receivedRoot.Span.Kind);
        Assert.Equal((ulong)(root.StartTimeUtc - DateTime.UnixEpoch).Ticks * 100, receivedRoot.Span.StartTimeUnixNano);
        Assert.All(received, r =>
        {
            Assert.Equal("checkout", r.ServiceName);
            Assert.Equal(TestSpans.SourceName, r.ScopeName);
            Assert.Equal(r.Span.Name, r.Span.Attributes.Single(a => a.Key == "test.name").Value.StringValue);
            Assert.Equal(42, r.Span.Attributes.Single(a => a.Key == "test.number").Value.IntValue);
        });
        Assert.NotEmpty(receiver.TestHeaders);
        Assert.All(receiver.TestHeaders, h => Assert.Equal(protocol, h));
        Assert.Equal(produced.Count, metrics.ForExporter("otlp").Exported);
    }

    [Fact]
    public async Task Spans_wait_out_a_receiver_that_is_down_and_arrive_once_it_is_up()
    {
        var port = LoopbackPort.Free();
        var settings = OtlpExporterSettings.FromVariables(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "3000",
        }.GetValueOrDefault);
        using var metrics = new SpanPipelineMetrics();
        var buffer = PartitionedSpanBuffer.ForExporters(Buffer, Retry, metrics, new OtlpExporter(settings));
        var produced = TestSpans.Many(10, "while-down");
        foreach (var span in produced)
        {
            Assert.True(buffer.TryOffer(span));
        }

        Eventually.True(() => metrics.ForExporter("otlp").Failures >= 1, "an export to the dead receiver to fail");
        await using var receiver = await OtlpReceiver.StartAsync(grpcPort: port);

        Eventually.True(() => receiver.Spans.Count >= produced.Length, "the spans to arrive once the receiver is up", seconds: 30);
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(30)));
        // Delivery is at least once: an attempt that reached the receiver just as it came up but timed out on
        // the client is sent again, so a span may arrive twice; none may be missing.
        Assert.Equal(produced.Select(s => s.SpanId.ToHexString()).Order(), receiver.Spans.Select(r => r.SpanId).Distinct().Order());
        Assert.Equal(0, metrics.Snapshot().Dropped);
        Assert.True(metrics.ForExporter("otlp").Retries >= 1);
    }
}
