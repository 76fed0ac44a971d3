namespace Sightline.Core.Diagnostics;

/// <summary>
/// Writes the pipeline counters to the agent log every interval (SkyWalking logs its abandoned-segment
/// counts every 30 s the same way). Quiet intervals, where nothing changed, write nothing.
/// </summary>
public sealed class PipelineStatusLog : IDisposable
{
    private readonly SpanPipelineMetrics _metrics;
    private readonly Action<string> _write;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private SpanPipelineSnapshot _last;
    private long _lastErrors;

    /// <summary>Starts writing <paramref name="metrics"/> through <paramref name="write"/> every <paramref name="interval"/>.</summary>
    public PipelineStatusLog(SpanPipelineMetrics metrics, Action<string> write, TimeSpan interval)
    {
        // Not ArgumentOutOfRangeException.ThrowIfLessThanOrEqual: generic over TimeSpan, it is JIT-compiled at start-up.
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be positive");
        }
        _metrics = metrics;
        _write = write;
        _timer = new Timer(_ => WriteNow(), null, interval, interval);
    }

    /// <summary>Writes the line now if anything changed since the last one; returns whether it wrote.</summary>
    public bool WriteNow()
    {
        lock (_gate)
        {
            try
            {
                var snapshot = _metrics.Snapshot();
                var errors = _metrics.InternalErrors;
                if (snapshot == _last && errors == _lastErrors)
                {
                    return false;
                }

                _last = snapshot;
                var line = "sightline pipeline: " + snapshot;
                if (errors != _lastErrors)
                {
                    line += $" internal errors={errors} last=\"{_metrics.LastInternalError}\"";
                    _lastErrors = errors;
                }

                _write(line);
                return true;
            }
            catch (Exception)
            {
                // The log sink failed; the status line is best effort and must not take the timer thread down.
                return false;
            }
        }
    }

    /// <summary>Stops the timer.</summary>
    public void Dispose() => _timer.Dispose();
}
