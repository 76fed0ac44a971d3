using System.Diagnostics;
using System.Numerics;
using Sightline.Core.Buffering.Channels;
using Sightline.Core.Diagnostics;
using Sightline.Core.Internal;
using Sightline.Core.Tracing;
using Sightline.Core.Tracing.Context;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Buffering.Consumers;

/// <summary>
/// One consumer thread: drains its channels in turn into a batch and hands the batch to the exporter when it
/// is full (size trigger) or when <c>BatchDelay</c> has passed since the last hand-over (time trigger).
/// </summary>
internal sealed class BufferConsumer
{
    private readonly RingChannel<Activity>[] _channels;
    private readonly ConsumerSignal _signal;
    private readonly ISpanExporter _exporter;
    private readonly SpanPipelineMetrics _metrics;
    private readonly Activity[] _batch;
    private readonly long _delayTicks;
    private readonly int _wakeThreshold;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _abandon = new();
    private int _nextChannel;
    private volatile bool _stopping;
    private long _flushRequested;
    private long _flushCompleted;

    public BufferConsumer(int index, RingChannel<Activity>[] channels, ConsumerSignal signal, SpanBufferOptions options, ISpanExporter exporter, SpanPipelineMetrics metrics)
    {
        _channels = channels;
        _signal = signal;
        _exporter = exporter;
        _metrics = metrics;
        _batch = new Activity[options.MaxBatchSize];
        _delayTicks = (long)(options.BatchDelay.TotalSeconds * Stopwatch.Frequency);
        _wakeThreshold = WakeThreshold(options);
        _thread = new Thread(Run) { IsBackground = true, Name = $"Sightline.Buffer.Consumer.{index}" };
    }

    /// <summary>The channel fill at which a producer wakes a sleeping consumer: a full batch, or a full channel.</summary>
    public static int WakeThreshold(SpanBufferOptions options) =>
        Math.Max(1, Math.Min(options.MaxBatchSize, (int)BitOperations.RoundUpToPowerOf2((uint)options.ChannelCapacity)));

    public void Start() => _thread.Start();

    /// <summary>Asks the thread to hand over everything queued now; returns the generation to wait for.</summary>
    public long RequestFlush()
    {
        var generation = Interlocked.Increment(ref _flushRequested);
        _signal.WakeAlways();
        return generation;
    }

    public bool IsFlushed(long generation) => Volatile.Read(ref _flushCompleted) >= generation;

    /// <summary>Drains what is left, then ends the thread.</summary>
    public void Stop()
    {
        _stopping = true;
        _signal.WakeAlways();
    }

    /// <summary>Waits for the thread; past the timeout the current export is cancelled and the thread told to quit.</summary>
    public bool Join(TimeSpan timeout)
    {
        if (_thread.Join(timeout))
        {
            return true;
        }

        _abandon.Cancel();
        return _thread.Join(TimeSpan.FromMilliseconds(200));
    }

    private void Run()
    {
        using var suppressed = SpanSuppression.Begin();
        BackgroundScheduling.YieldToApplication();
        var count = 0;
        var nextHandOver = Stopwatch.GetTimestamp() + _delayTicks;
        while (!_abandon.IsCancellationRequested)
        {
            try
            {
                var stopping = _stopping;
                var flushTarget = Volatile.Read(ref _flushRequested);
                count = Drain(count);
                if (count == _batch.Length)
                {
                    count = Export(count);
                    continue;
                }

                // A batch that is not full means every channel came up empty during this drain.
                if (stopping || flushTarget > Volatile.Read(ref _flushCompleted))
                {
                    count = Export(count);
                    if (AnyQueued())
                    {
                        continue;
                    }

                    Volatile.Write(ref _flushCompleted, flushTarget);
                    if (stopping)
                    {
                        return;
                    }
                }

                var now = Stopwatch.GetTimestamp();
                if (now >= nextHandOver)
                {
                    count = Export(count);
                    nextHandOver = now + _delayTicks;
                    continue;
                }

                _signal.PrepareWait();
                if (_stopping || Volatile.Read(ref _flushRequested) > Volatile.Read(ref _flushCompleted) || AnyAtThreshold())
                {
                    _signal.CancelWait();
                    continue;
                }

                _signal.Wait(Stopwatch.GetElapsedTime(now, nextHandOver));
            }
            catch (Exception exception)
            {
                // Nothing may kill the consumer: a dead consumer would fill the buffer and drop everything after.
                _metrics.RecordInternalError(nameof(BufferConsumer), exception);
                Array.Clear(_batch);
                count = 0;
            }
        }
    }

    private int Drain(int count)
    {
        // Visit the channels round-robin, so one busy channel cannot starve the others.
        for (var visited = 0; visited < _channels.Length && count < _batch.Length; visited++)
        {
            var channel = _channels[_nextChannel];
            _nextChannel = (_nextChannel + 1) % _channels.Length;
            count += channel.Drain(_batch.AsSpan(count));
        }

        return count;
    }

    private int Export(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        try
        {
            // Here, on the consumer thread, rather than on the application thread that stopped the span; not at all
            // when every exporter writes the ids while serializing.
            if (_exporter is not ISegmentIdWriter { WritesSegmentIds: true })
            {
                for (var i = 0; i < count; i++)
                {
                    SegmentIds.Write(_batch[i]);
                }
            }

            var result = _exporter.ExportAsync(new ArraySegment<Activity>(_batch, 0, count), _abandon.Token).GetAwaiter().GetResult();
            if (result != ExportResult.Success)
            {
                _metrics.ForExporter(_exporter.Name).RecordFailure();
                _metrics.ForExporter(_exporter.Name).RecordDropped(DropReason.ExportFailed, count);
            }
        }
        catch (Exception exception)
        {
            _metrics.ForExporter(_exporter.Name).RecordFailure();
            _metrics.ForExporter(_exporter.Name).RecordDropped(DropReason.ExportFailed, count);
            _metrics.RecordInternalError(_exporter.Name, exception);
        }
        finally
        {
            Array.Clear(_batch, 0, count);
        }

        return 0;
    }

    private bool AnyQueued()
    {
        foreach (var channel in _channels)
        {
            if (channel.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool AnyAtThreshold()
    {
        foreach (var channel in _channels)
        {
            if (channel.Count >= _wakeThreshold)
            {
                return true;
            }
        }

        return false;
    }
}
