using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Exporting.Jaeger;
using Sightline.Core.Exporting.JsonLines;
using Sightline.Core.Exporting.Otlp;
using Sightline.Core.Tests.Buffering;

namespace Sightline.Core.Tests.Exporting;

public sealed class SeveralExportersTests
{
    [Fact]
    public async Task Every_exporter_gets_every_span_and_a_dead_one_holds_up_nobody()
    {
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var jaeger = await JaegerStorageReceiver.StartAsync(streaming: true);
        var file = Path.Combine(Path.GetTempPath(), $"sightline-several-{Guid.NewGuid():N}.jsonl");
        var deadJaeger = new JaegerStorageExporter(new JaegerStorageExporterSettings { Endpoint = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}") });
        using var metrics = new SpanPipelineMetrics();
        var buffer = PartitionedSpanBuffer.ForExporters(
            new SpanBufferOptions { MaxBatchSize = 16, BatchDelay = TimeSpan.FromMilliseconds(20), FlushOnProcessExit = false },
            new ExportRetryOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100), MaxBacklogSpans = 100 },
            metrics,
            new OtlpExporter(new OtlpExporterSettings { Endpoint = new Uri($"http://127.0.0.1:{otlp.GrpcPort}") }),
            new JaegerStorageExporter(new JaegerStorageExporterSettings { Endpoint = jaeger.Endpoint }),
            JsonLinesExporter.ToFile(file),
            new DeadExporter(deadJaeger));
        try
        {
            var produced = TestSpans.Many(40, "fan");
            foreach (var span in produced)
            {
                Assert.True(buffer.TryOffer(span));
            }

            Eventually.True(() => otlp.Spans.Select(s => s.SpanId).Distinct().Count() == 40 && jaeger.Spans.Count >= 40, "both live backends to have all forty spans");
            Eventually.True(() => metrics.ForExporter("jsonl").Exported == 40, "the file to have all forty spans");
            Eventually.True(() => metrics.ForExporter("dead").Failures >= 1, "the dead backend to have failed");
            buffer.Shutdown(TimeSpan.FromSeconds(2));

            Assert.Equal(40, (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken)).Length);
            Assert.Equal(0, metrics.ForExporter("otlp").DroppedTotal);

            // The shutdown deadline bounds the wait, not the dead exporter's own shutdown, which counts its backlog as it ends.
            Eventually.True(() => metrics.ForExporter("dead").DroppedTotal == 40, "the dead backend's forty spans to be counted as dropped");
            Assert.Equal(40, metrics.ForExporter("jaeger").Exported);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The Jaeger writer under another name, so its counters stay apart from the live one's.
    private sealed class DeadExporter(JaegerStorageExporter inner) : Spi.Exporting.ISpanExporter
    {
        public string Name => "dead";

        public Task<Spi.Exporting.ExportResult> ExportAsync(IReadOnlyList<System.Diagnostics.Activity> batch, CancellationToken cancellationToken) => inner.ExportAsync(batch, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public Task ShutdownAsync(CancellationToken cancellationToken) => inner.ShutdownAsync(cancellationToken);
    }
}
