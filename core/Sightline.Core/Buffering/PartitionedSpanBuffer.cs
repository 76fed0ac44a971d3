using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sightline.Core.Buffering.Channels;
using Sightline.Core.Buffering.Consumers;
using Sightline.Core.Buffering.Partitioning;
using Sightline.Core.Diagnostics;
using Sightline.Core.Exporting;
using Sightline.Core.Tracing;
using Sightline.Core.Tracing.Context;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Buffering;

/// <summary>
/// Where finished spans wait for export (SkyWalking's DataCarrier): N bounded ring channels, a partitioner
/// choosing the channel, a per-buffer full policy, and consumer threads handing batches to the exporter.
/// The producer side never throws and never allocates.
/// </summary>
public sealed class PartitionedSpanBuffer : ISpanSink, IDisposable
{
    private readonly SpanBufferOptions _options;
    private readonly RingChannel<Activity>[] _channels;
    private readonly ConsumerSignal[] _signalOfChannel;
    private readonly ConsumerSignal[] _signals;
    private readonly BufferConsumer[] _consumers;
    private readonly IBufferPartitioner _partitioner;
    private readonly ISpanExporter _exporter;
    private readonly long _blockTicks;
    private readonly int _wakeThreshold;
    private readonly Lock _shutdownGate = new();
    private readonly StripedCounter _droppedFull = new();
    private volatile bool _shutDown;
    private long _droppedShutdown;

    /// <summary>Creates the channels and starts the consumer threads, which hand batches to <paramref name="exporter"/>.</summary>
    /// <exception cref="ArgumentException">A setting in <paramref name="options"/> cannot work; the message names it.</exception>
    public PartitionedSpanBuffer(SpanBufferOptions options, ISpanExporter exporter, SpanPipelineMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(exporter);
        ArgumentNullException.ThrowIfNull(metrics);
        options.Validate();
        _options = options;
        _exporter = exporter;
        Metrics = metrics;
        _partitioner = options.Partitioning == PartitionStrategy.RoundRobin ? new RoundRobinPartitioner() : new ProducerThreadPartitioner();
        _blockTicks = (long)(options.BlockTimeout.TotalSeconds * Stopwatch.Frequency);
        _wakeThreshold = BufferConsumer.WakeThreshold(options);

        _channels = new RingChannel<Activity>[options.ChannelCount];
        _signals = new ConsumerSignal[options.ConsumerCount];
        _signalOfChannel = new ConsumerSignal[options.ChannelCount];
        for (var i = 0; i < _signals.Length; i++)
        {
            _signals[i] = new ConsumerSignal();
        }

        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = new RingChannel<Activity>(options.ChannelCapacity);
            _signalOfChannel[i] = _signals[i % _signals.Length];
        }

        _consumers = new BufferConsumer[options.ConsumerCount];
        for (var i = 0; i < _consumers.Length; i++)
        {
            var mine = _channels.Where((_, c) => c % _consumers.Length == i).ToArray();
            _consumers[i] = new BufferConsumer(i, mine, _signals[i], options, exporter, metrics);
        }

        metrics.AttachBuffer(Statistics);
        foreach (var consumer in _consumers)
        {
            consumer.Start();
        }

        if (options.FlushOnProcessExit)
        {
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }
    }

    /// <summary>
    /// Builds the whole pipeline: each exporter behind its own <see cref="RetryingExporter"/> (bounded backlog,
    /// backoff), all of them behind one <see cref="FanOutExporter"/>, fed by a new buffer.
    /// </summary>
    public static PartitionedSpanBuffer ForExporters(SpanBufferOptions options, ExportRetryOptions retry, SpanPipelineMetrics metrics, params IEnumerable<ISpanExporter> exporters)
    {
        ArgumentNullException.ThrowIfNull(retry);
        options.Validate();
        retry.Validate();
        var list = exporters.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one exporter is required.", nameof(exporters));
        }

        return new PartitionedSpanBuffer(options, new FanOutExporter(list.Select(e => new RetryingExporter(e, retry, metrics))), metrics);
    }

    /// <summary>The counters this buffer and its exporters report to.</summary>
    public SpanPipelineMetrics Metrics { get; }

    /// <summary>Offers a finished span; see <see cref="TryOffer"/>.</summary>
    public void OnSpanFinished(Activity span) => TryOffer(span);

    /// <summary>
    /// Queues a finished span under the buffer's policy. Returns false, and counts the drop, when the span
    /// could not be queued. Never throws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryOffer(Activity span)
    {
        var index = _partitioner.Partition(_channels.Length);
        var channel = _channels[index];
        if (!_shutDown && channel.TryEnqueue(span))
        {
            var signal = _signalOfChannel[index];
            if (signal.IsWaiting && channel.Count >= _wakeThreshold)
            {
                signal.Wake();
            }

            return true;
        }

        return OfferWhenFull(index, span);
    }

    /// <summary>
    /// Hands everything queued now to the exporters and waits for them to flush, up to <paramref name="timeout"/>.
    /// Returns whether it finished in time.
    /// </summary>
    public bool Flush(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var generations = _consumers.Select(c => c.RequestFlush()).ToArray();
        var spinner = default(SpinWait);
        for (var i = 0; i < _consumers.Length; i++)
        {
            while (!_consumers[i].IsFlushed(generations[i]))
            {
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: 10);
            }
        }

        return FlushExporter(Remaining(deadline));
    }

    /// <summary>
    /// Stops accepting spans, drains the channels to the exporters and shuts them down, within
    /// <paramref name="deadline"/> (default <see cref="SpanBufferOptions.ShutdownDeadline"/>). Whatever is
    /// still queued then is dropped and counted. Returns whether everything was handed over in time.
    /// </summary>
    public bool Shutdown(TimeSpan? deadline = null)
    {
        lock (_shutdownGate)
        {
            if (_shutDown)
            {
                return true;
            }

            _shutDown = true;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        using var suppressed = SpanSuppression.Begin();
        var end = Stopwatch.GetTimestamp() + (long)((deadline ?? _options.ShutdownDeadline).TotalSeconds * Stopwatch.Frequency);
        foreach (var consumer in _consumers)
        {
            consumer.Stop();
        }

        var drained = true;
        foreach (var consumer in _consumers)
        {
            drained &= consumer.Join(Remaining(end));
        }

        // Whatever the consumers could not take in time is lost: count it, and free the slots.
        foreach (var channel in _channels)
        {
            while (channel.TryDequeue(out _))
            {
                Interlocked.Increment(ref _droppedShutdown);
                drained = false;
            }
        }

        try
        {
            drained &= WaitCancellingAtDeadline(token => _exporter.ShutdownAsync(token), Remaining(end));
        }
        catch (Exception exception)
        {
            Metrics.RecordInternalError(nameof(Shutdown), exception);
            drained = false;
        }

        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        return drained;
    }

    /// <summary>Same as <see cref="Shutdown"/> with the configured deadline.</summary>
    public void Dispose() => Shutdown();

    /// <summary>The buffer's counters summed over its channels.</summary>
    public BufferStatistics Statistics()
    {
        long accepted = 0, overwritten = 0, queued = 0;
        var dropped = _droppedFull.Sum();
        foreach (var channel in _channels)
        {
            accepted += channel.Accepted;
            overwritten += channel.Overwritten;
            queued += channel.Count;
        }

        var droppedShutdown = Volatile.Read(ref _droppedShutdown);
        return new BufferStatistics(accepted + dropped + droppedShutdown, accepted, dropped, overwritten, droppedShutdown, queued);
    }

    // Non-inline: the full-channel and after-shutdown paths stay out of the producer's hot path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OfferWhenFull(int index, Activity span)
    {
        var channel = _channels[index];
        if (_shutDown)
        {
            // Nobody drains the channels after shutdown.
            Interlocked.Increment(ref _droppedShutdown);
            return false;
        }

        switch (_options.Policy)
        {
            case BufferPolicy.OverwriteOldest:
                // Evict the oldest and retry; under heavy contention other producers may refill the slot, so give up after a few rounds.
                for (var attempt = 0; attempt < 8; attempt++)
                {
                    if (channel.TryDequeue(out _))
                    {
                        channel.CountOverwritten();
                    }

                    if (channel.TryEnqueue(span))
                    {
                        return true;
                    }
                }

                break;

            case BufferPolicy.Block:
                _signalOfChannel[index].WakeAlways();
                var deadline = Stopwatch.GetTimestamp() + _blockTicks;
                var spinner = default(SpinWait);
                while (Stopwatch.GetTimestamp() < deadline && !_shutDown)
                {
                    spinner.SpinOnce(sleep1Threshold: 20);
                    if (channel.TryEnqueue(span))
                    {
                        return true;
                    }
                }

                break;
        }

        // A per-core counter: at saturation every producer lands here, and one shared counter would be the hot spot.
        _droppedFull.Increment();
        return false;
    }

    private bool FlushExporter(TimeSpan timeout)
    {
        using var suppressed = SpanSuppression.Begin();
        try
        {
            return WaitCancellingAtDeadline(token => _exporter.FlushAsync(token), timeout);
        }
        catch (Exception exception)
        {
            Metrics.RecordInternalError(nameof(Flush), exception);
            return false;
        }
    }

    private static bool WaitCancellingAtDeadline(Func<CancellationToken, Task> operation, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource();
        var task = operation(cancel.Token);
        var finished = task.Wait(timeout);

        // Cancel before the source is disposed: a disposed source never cancels its token, and an exporter
        // still waiting on it (a dead backend's backlog) would wait forever instead of counting its drops.
        cancel.Cancel();
        return finished;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Shutdown();

    private static TimeSpan Remaining(long end)
    {
        var ticks = end - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, ticks);
    }
}
