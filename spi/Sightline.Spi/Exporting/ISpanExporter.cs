using System.Diagnostics;

namespace Sightline.Spi.Exporting;

/// <summary>
/// A storage plugin: the writer that receives batches of finished spans and sends them to a backend
/// (an OTLP collector, a Jaeger remote-storage server, a file). Sightline calls it from its own consumer
/// threads, never from application threads, and never concurrently for one exporter instance.
/// </summary>
/// <remarks>
/// An implementation reports failure through <see cref="ExportResult"/> rather than by throwing; an exception
/// is caught, counted as a failed export and retried like <see cref="ExportResult.RetryableFailure"/>.
/// Retries, backoff and the memory bound are Sightline's job, so an exporter makes one attempt per call.
/// </remarks>
public interface ISpanExporter
{
    /// <summary>A short name for logs and metrics, such as <c>otlp</c>, <c>jaeger</c> or <c>jsonl</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Writes one batch. The list and the spans in it belong to Sightline and are valid only until the
    /// returned task completes: copy what must outlive the call.
    /// </summary>
    /// <param name="batch">Finished spans, in the order they were drained (not necessarily the order they ended).</param>
    /// <param name="cancellationToken">Cancelled when the attempt's deadline passes or Sightline shuts down.</param>
    /// <returns>Whether the backend accepted the batch, and if not whether sending it again could succeed.</returns>
    Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken);

    /// <summary>Pushes out anything the exporter itself still buffers (an open stream, a file buffer).</summary>
    /// <param name="cancellationToken">Cancelled when the flush deadline passes.</param>
    /// <returns>A task that completes when the exporter holds nothing more.</returns>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Flushes and releases connections and files. No export call follows it.</summary>
    /// <param name="cancellationToken">Cancelled when the shutdown deadline passes.</param>
    /// <returns>A task that completes when the exporter is closed.</returns>
    Task ShutdownAsync(CancellationToken cancellationToken);
}
