namespace Sightline.Core.Buffering.Partitioning;

/// <summary>Channel = managed thread id mod channel count, so a thread keeps writing to one channel and its cache lines.</summary>
public sealed class ProducerThreadPartitioner : IBufferPartitioner
{
    /// <inheritdoc />
    public int Partition(int channelCount) => (int)((uint)Environment.CurrentManagedThreadId % (uint)channelCount);
}
