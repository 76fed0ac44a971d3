using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting;

/// <summary>Hands every batch to several exporters (each normally a <see cref="RetryingExporter"/>, so none waits for another).</summary>
public sealed class FanOutExporter : ISpanExporter, ISegmentIdWriter
{
    private readonly ISpanExporter[] _exporters;

    /// <summary>Fans out to <paramref name="exporters"/>, in order.</summary>
    public FanOutExporter(IEnumerable<ISpanExporter> exporters)
    {
        _exporters = exporters.ToArray();
        if (_exporters.Length == 0)
        {
            throw new ArgumentException("At least one exporter is required.", nameof(exporters));
        }

        Name = string.Join('+', _exporters.Select(e => e.Name));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    bool ISegmentIdWriter.WritesSegmentIds
        => Array.TrueForAll(_exporters, static e => e is ISegmentIdWriter { WritesSegmentIds: true });

    /// <summary>The exporters batches go to.</summary>
    public IReadOnlyList<ISpanExporter> Exporters => _exporters;

    /// <inheritdoc />
    public Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken) =>
        // One exporter (the usual case) is handed the batch directly: no async state machine of our own, whose
        // framework instantiations the JIT would compile at the first export.
        _exporters.Length == 1 ? _exporters[0].ExportAsync(batch, cancellationToken) : ExportToAllAsync(batch, cancellationToken);

    private async Task<ExportResult> ExportToAllAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        var result = ExportResult.Success;
        foreach (var exporter in _exporters)
        {
            var one = await exporter.ExportAsync(batch, cancellationToken).ConfigureAwait(false);
            if (one != ExportResult.Success)
            {
                result = one;
            }
        }

        return result;
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_exporters.Select(e => e.FlushAsync(cancellationToken)));

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_exporters.Select(e => e.ShutdownAsync(cancellationToken)));
}
