namespace Sightline.LoadTest.Receiving;

/// <summary>What one sender delivered to the <see cref="SpanReceiver"/>: spans, export requests, rejected requests.</summary>
public sealed class SpanTally(int port)
{
    private long _spans;
    private long _requests;
    private long _rejected;

    public int Port { get; } = port;

    public long Spans => Interlocked.Read(ref _spans);

    public long Requests => Interlocked.Read(ref _requests);

    public long Rejected => Interlocked.Read(ref _rejected);

    public void Add(int spans)
    {
        Interlocked.Add(ref _spans, spans);
        Interlocked.Increment(ref _requests);
    }

    public void Reject() => Interlocked.Increment(ref _rejected);
}
