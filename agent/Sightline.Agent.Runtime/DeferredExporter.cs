using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Logging;
using Sightline.Spi.Exporting;

namespace Sightline.Agent.Runtime;

/// <summary>
/// An exporter created when the first batch needs it, on the thread that exports that batch (its retrying sender), so
/// that building it (the OpenTelemetry SDK, a gRPC channel, System.Net.Http's first use: ~20 ms of CPU) is not paid
/// before <c>Main</c> nor while the application starts, when it competes with the application's own threads for the
/// cores. One that cannot be created fails every batch permanently, so its spans are dropped and counted, never retried.
/// An application that sends no span still gets it created at a deadline (<see cref="CreateAtDeadline"/>, called by
/// the agent a few seconds after <see cref="Start"/>), so that a broken exporter is reported soon, not at the first
/// request. No thread of its own: one more thread started while the application starts cost ~0.5 ms of CPU.
/// </summary>
internal sealed class DeferredExporter : ISpanExporter, ISegmentIdWriter
{
    private const int NotStarted = 0;
    private const int Waiting = 1;
    private const int Creating = 2;
    private const int Abandoned = 3;

    private readonly TaskCompletionSource<ISpanExporter?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<ISpanExporter> _create;
    private readonly AgentLog _log;
    private int _state;
    private volatile bool _needed;
    private volatile bool _createdAtDeadline;

    public DeferredExporter(string name, Func<ISpanExporter> create, AgentLog log)
    {
        Name = name;
        _create = create;
        _log = log;
    }

    public string Name { get; }

    /// <summary>Completes once the exporter exists, or is known never to.</summary>
    public Task Created => _ready.Task;

    /// <summary>True when it was created by <see cref="CreateAtDeadline"/>, no batch having come before.</summary>
    public bool CreatedAtDeadline => _createdAtDeadline;

    /// <inheritdoc />
    /// <remarks>False until the exporter exists: the batches that wait for it get their ids from the buffer.</remarks>
    public bool WritesSegmentIds => _ready.Task.IsCompletedSuccessfully && _ready.Task.Result is ISegmentIdWriter { WritesSegmentIds: true };

    /// <summary>
    /// Allows the exporter to be created, by the first batch (at once if one already waits) or the deadline; once only.
    /// </summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Waiting, NotStarted) == NotStarted && _needed)
        {
            CreateIfWaiting(atDeadline: false);
        }
    }

    /// <summary>Creates the exporter now if it was started and no batch has needed it yet.</summary>
    public void CreateAtDeadline() => CreateIfWaiting(atDeadline: true);

    /// <summary>
    /// An exporter never started is never created: what waits for it gives up. One started stays available, so that
    /// the spans of an application that exits before its first batch are still exported by the final flush.
    /// </summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, NotStarted) == NotStarted)
        {
            _ready.TrySetResult(null);
        }
    }

    public async Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        // Before the state is read: a Start() racing with this batch sees one or the other, and one of them creates it.
        _needed = true;
        CreateIfWaiting(atDeadline: false);
        return await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner
            ? await inner.ExportAsync(batch, cancellationToken).ConfigureAwait(false)
            : ExportResult.PermanentFailure;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Not being created: no batch ever reached it, so it holds nothing to flush.
        if (Volatile.Read(ref _state) != Creating)
        {
            return;
        }

        if (await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner)
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        // After the final flush: one no batch ever needed is not created only to be shut down.
        if (Interlocked.CompareExchange(ref _state, Abandoned, NotStarted) == NotStarted
            || Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting)
        {
            _ready.TrySetResult(null);
        }

        if (await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner)
        {
            await inner.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void CreateIfWaiting(bool atDeadline)
    {
        if (Interlocked.CompareExchange(ref _state, Creating, Waiting) != Waiting)
        {
            return;
        }

        _createdAtDeadline = atDeadline;
        try
        {
            _ready.TrySetResult(_create());
        }
        catch (Exception ex)
        {
            _log.Error($"exporter '{Name}' could not be created; its spans are dropped", ex);
            _ready.TrySetResult(null);
        }
    }
}
