namespace Sightline.Core.Buffering.Partitioning;

/// <summary>Picks the channel a producer writes to. Called on the application thread: must be cheap and lock-free.</summary>
public interface IBufferPartitioner
{
    /// <summary>Returns a channel index in [0, <paramref name="channelCount"/>).</summary>
    int Partition(int channelCount);
}
