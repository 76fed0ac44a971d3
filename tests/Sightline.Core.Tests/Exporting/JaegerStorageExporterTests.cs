using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Exporting.Jaeger;
using Sightline.Core.Tests.Buffering;

namespace Sightline.Core.Tests.Exporting;

public sealed class JaegerStorageExporterTests
{
    private static readonly SpanBufferOptions Buffer = new() { MaxBatchSize = 8, BatchDelay = TimeSpan.FromMilliseconds(20), FlushOnProcessExit = false };
    private static readonly ExportRetryOptions Retry = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_real_storage_server_gets_every_span_in_the_Jaeger_model(bool streaming)
    {
        await using var server = await JaegerStorageReceiver.StartAsync(streaming);
        var exporter = new JaegerStorageExporter(new JaegerStorageExporterSettings
        {
            Endpoint = server.Endpoint,
            ServiceName = "checkout",
            BearerToken = "s3cret",
            ProcessTags = new Dictionary<string, string> { ["host.name"] = "test-host" },
        });
        using var metrics = new SpanPipelineMetrics();
        var buffer = PartitionedSpanBuffer.ForExporters(Buffer, Retry, metrics, exporter);

        var root = TestSpans.Finished("GET /cart", kind: ActivityKind.Server);
        var children = Enumerable.Range(0, 12).Select(i => TestSpans.Finished($"SELECT {i}", root, ActivityKind.Client)).ToList();
        foreach (var span in children.Prepend(root))
        {
            Assert.True(buffer.TryOffer(span));
        }

        Assert.True(buffer.Flush(TimeSpan.FromSeconds(30)));
        Assert.True(buffer.Shutdown(TimeSpan.FromSeconds(30)));

        var received = server.Spans;
        Assert.Equal(13, received.Count);
        Assert.Equal(streaming, exporter.UsesStreaming);
        Assert.Equal(streaming ? 0 : 13, server.UnaryCalls);
        Assert.Equal(streaming, server.StreamCalls > 0);
        Assert.Equal(1, server.CloseCalls);
        Assert.All(server.Tokens, t => Assert.Equal("s3cret", t));

        var rootSpan = Assert.Single(received, s => s.OperationName == "GET /cart");
        Assert.Equal(Convert.FromHexString(root.TraceId.ToHexString()), rootSpan.TraceId.ToByteArray());
        Assert.Equal(Convert.FromHexString(root.SpanId.ToHexString()), rootSpan.SpanId.ToByteArray());
        Assert.Empty(rootSpan.References);
        Assert.Equal("server", rootSpan.Tags.Single(t => t.Key == "span.kind").VStr);
        Assert.Equal(root.Duration, rootSpan.Duration.ToTimeSpan());
        Assert.Equal(root.StartTimeUtc, rootSpan.StartTime.ToDateTime());
        Assert.Equal(1u, rootSpan.Flags);

        Assert.All(received.Where(s => s != rootSpan), child =>
        {
            var reference = Assert.Single(child.References);
            Assert.Equal(Jaeger.ApiV2.SpanRefType.ChildOf, reference.RefType);
            Assert.Equal(rootSpan.SpanId, reference.SpanId);
            Assert.Equal(rootSpan.TraceId, reference.TraceId);
            Assert.Equal(42, child.Tags.Single(t => t.Key == "test.number").VInt64);
            Assert.Equal(Jaeger.ApiV2.ValueType.Int64, child.Tags.Single(t => t.Key == "test.number").VType);
            Assert.Equal(child.OperationName, child.Tags.Single(t => t.Key == "test.name").VStr);
        });
        Assert.All(received, s =>
        {
            Assert.Equal("checkout", s.Process.ServiceName);
            Assert.Equal("test-host", s.Process.Tags.Single(t => t.Key == "host.name").VStr);
            Assert.Equal(TestSpans.SourceName, s.Tags.Single(t => t.Key == "otel.scope.name").VStr);
        });
        Assert.Equal(13, metrics.ForExporter("jaeger").Exported);
    }

    [Fact]
    public async Task A_storage_server_that_is_down_is_a_retryable_failure()
    {
        var exporter = new JaegerStorageExporter(new JaegerStorageExporterSettings { Endpoint = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}") });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var result = await exporter.ExportAsync([TestSpans.Finished("lost")], timeout.Token);

        Assert.Equal(Spi.Exporting.ExportResult.RetryableFailure, result);
        await exporter.ShutdownAsync(timeout.Token);
    }
}
