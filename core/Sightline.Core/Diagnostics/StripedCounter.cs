namespace Sightline.Core.Diagnostics;

/// <summary>
/// A hot-path counter: one padded cell per processor, summed on read, so threads on different cores
/// never bounce one cache line between them.
/// </summary>
internal sealed class StripedCounter
{
    // 16 longs = 128 bytes between cells: a cell and its neighbour's never share a cache line pair.
    private const int Stride = 16;
    private readonly long[] _cells;
    private readonly int _cellCount;

    public StripedCounter()
    {
        _cellCount = Math.Max(1, Environment.ProcessorCount);
        _cells = new long[(_cellCount + 1) * Stride];
    }

    public void Increment()
    {
        var cell = (Thread.GetCurrentProcessorId() % _cellCount) + 1;
        Interlocked.Increment(ref _cells[cell * Stride]);
    }

    public long Sum()
    {
        long sum = 0;
        for (var cell = 1; cell <= _cellCount; cell++)
        {
            sum += Volatile.Read(ref _cells[cell * Stride]);
        }

        return sum;
    }
}
