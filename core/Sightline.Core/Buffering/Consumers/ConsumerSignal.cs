namespace Sightline.Core.Buffering.Consumers;

/// <summary>
/// Wakes a sleeping consumer. Producers pay one read of <see cref="_waiting"/> unless the consumer sleeps,
/// so the hot path stays free of kernel calls while the consumer is busy.
/// </summary>
internal sealed class ConsumerSignal : IDisposable
{
    private readonly ManualResetEventSlim _event = new(false, spinCount: 0);
    private int _waiting;

    /// <summary>True while the consumer sleeps (or is about to).</summary>
    public bool IsWaiting => Volatile.Read(ref _waiting) != 0;

    /// <summary>Wakes the consumer if it sleeps; only the first of several racing producers pays for the set.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _waiting) != 0 && Interlocked.Exchange(ref _waiting, 0) != 0)
        {
            _event.Set();
        }
    }

    /// <summary>Wakes the consumer whether or not it is known to sleep (flush, shutdown).</summary>
    public void WakeAlways()
    {
        Interlocked.Exchange(ref _waiting, 0);
        _event.Set();
    }

    /// <summary>
    /// Announces the consumer is about to sleep. The caller must look at the channels once more after this
    /// and before <see cref="Wait"/>: the interlocked write orders the two, so an item published before the
    /// look is seen, and a producer publishing after it sees the flag and wakes us.
    /// </summary>
    public void PrepareWait()
    {
        _event.Reset();
        Interlocked.Exchange(ref _waiting, 1);
    }

    /// <summary>Sleeps until woken or the timeout passes.</summary>
    public void Wait(TimeSpan timeout)
    {
        _event.Wait(timeout);
        Volatile.Write(ref _waiting, 0);
    }

    /// <summary>Clears the flag without sleeping (the re-check found work).</summary>
    public void CancelWait() => Volatile.Write(ref _waiting, 0);

    public void Dispose() => _event.Dispose();
}
