using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;
using Sightline.Spi.Exporting;

namespace Sightline.Agent.Runtime;

/// <summary>
/// An exporter created on a background thread, so that building it (the OpenTelemetry SDK, a gRPC channel) is not
/// paid before the application's <c>Main</c>. Batches that arrive first wait for it inside the retrying sender; one
/// that cannot be created fails every batch permanently, so its spans are dropped and counted, never retried.
/// Creation begins at <see cref="Start"/>: the agent calls it once its plugins are applied, so that the SDK's
/// start (and the assemblies it loads, System.Net.Http among them) does not compete with the agent's own start.
/// </summary>
internal sealed class DeferredExporter : ISpanExporter, ISegmentIdWriter
{
    private readonly TaskCompletionSource<ISpanExporter?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<ISpanExporter> _create;
    private readonly AgentLog _log;
    private int _started;

    public DeferredExporter(string name, Func<ISpanExporter> create, AgentLog log)
    {
        Name = name;
        _create = create;
        _log = log;
    }

    /// <summary>Begins creating the exporter on a background thread; once only.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        AgentThreads.Start("Sightline.Exporter.Start." + Name, () =>
        {
            try
            {
                _ready.TrySetResult(_create());
            }
            catch (Exception ex)
            {
                _log.Error($"exporter '{Name}' could not be created; its spans are dropped", ex);
                _ready.TrySetResult(null);
            }
        });
    }

    /// <summary>An exporter never started is never created: what waits for it gives up.</summary>
    public void Abandon()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ready.TrySetResult(null);
        }
    }

    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>False until the exporter exists: the batches that wait for it get their ids from the buffer.</remarks>
    public bool WritesSegmentIds => _ready.Task.IsCompletedSuccessfully && _ready.Task.Result is ISegmentIdWriter { WritesSegmentIds: true };

    public async Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken) =>
        await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner
            ? await inner.ExportAsync(batch, cancellationToken).ConfigureAwait(false)
            : ExportResult.PermanentFailure;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner)
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner)
        {
            await inner.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
