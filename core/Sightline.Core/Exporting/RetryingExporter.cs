using System.Diagnostics;
using Sightline.Core.Buffering;
using Sightline.Core.Diagnostics;
using Sightline.Core.Internal;
using Sightline.Core.Tracing.Context;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting;

/// <summary>
/// Puts one storage plugin behind a bounded backlog and its own sender thread: <see cref="ExportAsync"/> only
/// queues the batch, so a dead or slow backend never holds up the buffer's consumer or the other exporters.
/// The sender retries a failed batch with exponential backoff; when the backlog passes its memory bound the
/// oldest batch not being sent right now is dropped. Every retry and drop is counted.
/// </summary>
public sealed class RetryingExporter : ISpanExporter, ISegmentIdWriter
{
    private readonly ISpanExporter _inner;
    private readonly ExportRetryOptions _options;
    private readonly ExporterCounters _counters;
    private readonly SpanPipelineMetrics _metrics;
    private readonly Queue<Activity[]> _backlog = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sender;
    private Activity[]? _current;
    private bool _sending;
    private int _backlogSpans;
    private int _consecutiveFailures;

    /// <summary>Consecutive failures after which shutdown stops waiting for the backend.</summary>
    public const int ShutdownFailureLimit = 2;

    /// <summary>Wraps <paramref name="inner"/> and starts its sender thread.</summary>
    public RetryingExporter(ISpanExporter inner, ExportRetryOptions options, SpanPipelineMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _inner = inner;
        _options = options;
        _metrics = metrics;
        _counters = metrics.ForExporter(inner.Name);
        _sender = new Thread(Send) { IsBackground = true, Name = $"Sightline.Exporter.{inner.Name}" };
        _sender.Start();
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    bool ISegmentIdWriter.WritesSegmentIds => _inner is ISegmentIdWriter { WritesSegmentIds: true };

    /// <summary>Spans queued or being retried right now.</summary>
    public int BacklogSpans
    {
        get
        {
            lock (_gate)
            {
                return _backlogSpans;
            }
        }
    }

    /// <summary>Queues a copy of the batch for the sender thread; always succeeds at once.</summary>
    public Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return Task.FromResult(ExportResult.Success);
        }

        var copy = new Activity[batch.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = batch[i];
        }

        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                _counters.RecordDropped(DropReason.Shutdown, copy.Length);
                return Task.FromResult(ExportResult.Success);
            }

            _backlog.Enqueue(copy);
            _backlogSpans += copy.Length;
            TrimToBound();
        }

        _work.Release();
        return Task.FromResult(ExportResult.Success);
    }

    /// <summary>Waits until the backlog is sent (or dropped), then flushes the storage plugin.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (BacklogSpans > 0)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends what it can before the token is cancelled, counts the rest as dropped, and shuts the plugin down. A backend
    /// that fails <see cref="ShutdownFailureLimit"/> times in a row is given up at once: waiting for the deadline would
    /// only hold up the application's exit.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (BacklogSpans > 0 && Volatile.Read(ref _consecutiveFailures) < ShutdownFailureLimit)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The deadline passed with batches still unsent: they are counted below.
        }

        lock (_gate)
        {
            _stop.Cancel();
        }

        _work.Release();
        _sender.Join(TimeSpan.FromSeconds(1));
        lock (_gate)
        {
            var left = _backlogSpans;
            _backlog.Clear();
            _current = null;
            _backlogSpans = 0;
            if (left > 0)
            {
                _counters.RecordDropped(DropReason.Shutdown, left);
            }
        }

        try
        {
            await _inner.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _metrics.RecordInternalError(Name, exception);
        }
    }

    private void Send()
    {
        // The thread inherits the context of whoever built the exporter; its calls to the backend are never traced.
        using var suppressed = SpanSuppression.Begin();
        BackgroundScheduling.YieldToApplication();
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Activity[]? batch;
            lock (_gate)
            {
                if (_current is null && _backlog.Count > 0)
                {
                    _current = _backlog.Dequeue();
                }

                batch = _current;
                _sending = batch is not null;
            }

            if (batch is null)
            {
                try
                {
                    _work.Wait(token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (_consecutiveFailures > 0)
            {
                _counters.RecordRetry();
            }

            var result = Attempt(batch, token);
            lock (_gate)
            {
                _sending = false;
                if (result == ExportResult.RetryableFailure)
                {
                    _counters.RecordFailure();
                    _consecutiveFailures++;
                }
                else
                {
                    if (result == ExportResult.Success)
                    {
                        _counters.RecordExported(batch.Length);
                        _consecutiveFailures = 0;
                    }
                    else
                    {
                        _counters.RecordFailure();
                        _counters.RecordDropped(DropReason.Rejected, batch.Length);
                    }

                    // The batch may have been dropped during a backoff and a newer one become current meanwhile.
                    if (ReferenceEquals(_current, batch))
                    {
                        _current = null;
                        _backlogSpans -= batch.Length;
                    }
                }

                // A backlog that grew during the attempt may now be over its bound.
                TrimToBound();
            }

            if (result == ExportResult.RetryableFailure)
            {
                token.WaitHandle.WaitOne(Backoff());
            }
        }
    }

    private ExportResult Attempt(Activity[] batch, CancellationToken stop)
    {
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
            attempt.CancelAfter(_options.AttemptTimeout);
            return _inner.ExportAsync(batch, attempt.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            // A throwing plugin is treated as a backend that failed this once.
            _metrics.RecordInternalError(Name, exception);
            return ExportResult.RetryableFailure;
        }
    }

    private TimeSpan Backoff()
    {
        var exponent = Math.Min(_consecutiveFailures - 1, 20);
        var ticks = Math.Min(_options.InitialBackoff.Ticks * (1L << exponent), _options.MaxBackoff.Ticks);

        // Up to 20% jitter, so several agents that lost the same backend do not come back in lockstep.
        var jitter = (long)(ticks * 0.2 * Random.Shared.NextDouble());
        return TimeSpan.FromTicks(ticks - jitter);
    }

    private void TrimToBound()
    {
        // The batch being sent right now cannot be taken back; the one waiting out a backoff is the oldest and goes first.
        while (_backlogSpans > _options.MaxBacklogSpans)
        {
            Activity[] dropped;
            if (_current is not null && !_sending)
            {
                dropped = _current;
                _current = null;
            }
            else if (_backlog.Count > 0)
            {
                dropped = _backlog.Dequeue();
            }
            else
            {
                return;
            }

            _backlogSpans -= dropped.Length;
            _counters.RecordDropped(DropReason.RetryBacklogFull, dropped.Length);
        }
    }
}
