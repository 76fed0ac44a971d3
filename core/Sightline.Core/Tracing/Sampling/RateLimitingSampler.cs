using System.Diagnostics;

namespace Sightline.Core.Tracing.Sampling;

/// <summary>
/// SkyWalking's <c>sample_n_per_3_secs</c>: at most N new traces per 3-second window in this process. SkyWalking
/// resets the counter from a timer; here the first call after the window ends resets it, so an idle agent runs
/// no timer. Traces joined from a sampled parent are not limited (a sampled upstream trace is never broken).
/// </summary>
public sealed class RateLimitingSampler : ITraceSampler
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private readonly int _perWindow;
    private readonly TimeProvider _time;
    private long _windowStart;
    private int _taken;

    /// <summary>Creates a sampler keeping at most <paramref name="perThreeSeconds"/> new traces per window.</summary>
    public RateLimitingSampler(int perThreeSeconds, TimeProvider time)
    {
        _perWindow = Math.Max(0, perThreeSeconds);
        _time = time;
        _windowStart = time.GetTimestamp();
    }

    /// <inheritdoc />
    public bool ShouldSample(ActivityTraceId traceId)
    {
        var now = _time.GetTimestamp();
        var start = Volatile.Read(ref _windowStart);
        if (_time.GetElapsedTime(start, now) >= Window && Interlocked.CompareExchange(ref _windowStart, now, start) == start)
        {
            // The thread that moved the window resets the count; a racing thread may still see the old count once.
            Volatile.Write(ref _taken, 0);
        }

        while (true)
        {
            var taken = Volatile.Read(ref _taken);
            if (taken >= _perWindow)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _taken, taken + 1, taken) == taken)
            {
                return true;
            }
        }
    }
}
