namespace Sightline.Core.Buffering;

/// <summary>How a finished span picks its channel (SkyWalking's DataCarrier partitioners).</summary>
public enum PartitionStrategy
{
    /// <summary>The producing thread's id modulo the channel count: one thread keeps to one channel.</summary>
    ProducerThread,

    /// <summary>Each offer moves to the next channel, spreading a single busy thread over all channels.</summary>
    RoundRobin,
}
