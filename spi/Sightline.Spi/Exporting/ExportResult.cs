namespace Sightline.Spi.Exporting;

/// <summary>The outcome of one <see cref="ISpanExporter.ExportAsync"/> call.</summary>
public enum ExportResult
{
    /// <summary>The backend accepted the whole batch.</summary>
    Success,

    /// <summary>
    /// The backend could not be reached, was too slow or asked to retry: Sightline keeps the batch and tries
    /// again with backoff while the retry memory bound allows.
    /// </summary>
    RetryableFailure,

    /// <summary>The backend rejected the batch for good (malformed, unauthorised): the batch is dropped and counted.</summary>
    PermanentFailure,
}
