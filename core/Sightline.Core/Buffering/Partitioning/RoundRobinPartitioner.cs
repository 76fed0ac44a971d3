namespace Sightline.Core.Buffering.Partitioning;

/// <summary>Each call takes the next channel.</summary>
public sealed class RoundRobinPartitioner : IBufferPartitioner
{
    private int _next;

    /// <inheritdoc />
    public int Partition(int channelCount)
    {
        // A plain, racy increment on purpose (as SkyWalking's SimpleRollingPartitioner): a lost update only
        // repeats a channel, and an interlocked add would make every producer fight over this one cache line.
        var next = _next + 1;
        _next = next;
        return (int)((uint)next % (uint)channelCount);
    }
}
