using System.Globalization;

namespace Sightline.Core.Diagnostics;

/// <summary>The self-observability counters at one moment, as the periodic log line prints them.</summary>
/// <param name="Created">Spans the tracer started.</param>
/// <param name="Finished">Spans handed to the buffer.</param>
/// <param name="Exported">Spans a backend accepted, summed over exporters.</param>
/// <param name="Dropped">Spans lost anywhere (buffer full, overwritten, retry bound, rejected, shutdown), summed over exporters.</param>
/// <param name="ExportFailures">Failed export calls, summed over exporters.</param>
/// <param name="Retries">Export calls that retried a failed batch.</param>
/// <param name="Queued">Spans waiting in the buffer.</param>
public readonly record struct SpanPipelineSnapshot(long Created, long Finished, long Exported, long Dropped, long ExportFailures, long Retries, long Queued)
{
    /// <summary>The log line: <c>spans created=… finished=… exported=… dropped=… queued=… export failures=… retries=…</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"spans created={Created} finished={Finished} exported={Exported} dropped={Dropped} queued={Queued} export failures={ExportFailures} retries={Retries}");
}
