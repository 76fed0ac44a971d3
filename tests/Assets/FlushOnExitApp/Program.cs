using System.Diagnostics;
using System.Globalization;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Exporting.JsonLines;

// Usage: FlushOnExitApp <output.jsonl> <span count>. The batch delay is far longer than the process lives, so
// every span that reaches the file was delivered by the buffer's process-exit flush.
var output = args[0];
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
using var source = new ActivitySource("Sightline.Tests.FlushOnExit");
using var listener = new ActivityListener
{
    ShouldListenTo = s => s.Name == source.Name,
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
};
ActivitySource.AddActivityListener(listener);

var metrics = new SpanPipelineMetrics();
var options = new SpanBufferOptions { ChannelCount = 2, ChannelCapacity = 4096, BatchDelay = TimeSpan.FromMinutes(10), MaxBatchSize = 100_000, ShutdownDeadline = TimeSpan.FromSeconds(20) };
var buffer = PartitionedSpanBuffer.ForExporters(options, new ExportRetryOptions(), metrics, JsonLinesExporter.ToFile(output));
for (var i = 0; i < count; i++)
{
    using var span = source.StartActivity("span-" + i.ToString(CultureInfo.InvariantCulture));
    span!.Stop();
    buffer.OnSpanFinished(span);
}

Console.WriteLine($"queued {count}");
return 0;
