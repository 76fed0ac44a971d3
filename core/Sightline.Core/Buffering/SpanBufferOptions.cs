namespace Sightline.Core.Buffering;

/// <summary>Sizes, policy and timing of the partitioned span buffer and its consumers.</summary>
public sealed record SpanBufferOptions
{
    /// <summary>Number of independent channels; defaults to the processor count.</summary>
    public int ChannelCount { get; init; } = Environment.ProcessorCount;

    /// <summary>Slots per channel, rounded up to a power of two.</summary>
    public int ChannelCapacity { get; init; } = 2048;

    /// <summary>What a producer does when its channel is full.</summary>
    public BufferPolicy Policy { get; init; } = BufferPolicy.DropNewest;

    /// <summary>Longest a producer waits for room under <see cref="BufferPolicy.Block"/>.</summary>
    public TimeSpan BlockTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How a span picks its channel.</summary>
    public PartitionStrategy Partitioning { get; init; } = PartitionStrategy.ProducerThread;

    /// <summary>Consumer threads; each drains its share of the channels (channel i goes to consumer i mod count).</summary>
    public int ConsumerCount { get; init; } = 1;

    /// <summary>Size trigger: a batch is handed to the exporters as soon as it holds this many spans.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>Time trigger: whatever has been drained is handed over at least this often.</summary>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest the buffer spends flushing on shutdown or process exit; what is left then is dropped and counted.</summary>
    public TimeSpan ShutdownDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the buffer flushes itself when the process exits.</summary>
    public bool FlushOnProcessExit { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(ChannelCount is >= 1 and <= 1024, nameof(ChannelCount), "must be between 1 and 1024");
        Require(ChannelCapacity is >= 2 and <= 1 << 24, nameof(ChannelCapacity), "must be between 2 and 16777216");
        // Enum.IsDefined(Type, object), not IsDefined<TEnum>: the generic one is JIT-compiled at start-up for our enums.
        Require(Enum.IsDefined(typeof(BufferPolicy), Policy), nameof(Policy), "is not a known policy");
        Require(Enum.IsDefined(typeof(PartitionStrategy), Partitioning), nameof(Partitioning), "is not a known partitioner");
        Require(BlockTimeout >= TimeSpan.Zero, nameof(BlockTimeout), "must not be negative");
        Require(ConsumerCount is >= 1 and <= 64, nameof(ConsumerCount), "must be between 1 and 64");
        Require(ConsumerCount <= ChannelCount, nameof(ConsumerCount), "must not exceed ChannelCount");
        Require(MaxBatchSize is >= 1 and <= 1 << 20, nameof(MaxBatchSize), "must be between 1 and 1048576");
        Require(BatchDelay > TimeSpan.Zero, nameof(BatchDelay), "must be positive");
        Require(ShutdownDeadline >= TimeSpan.Zero, nameof(ShutdownDeadline), "must not be negative");
    }

    private void Require(bool condition, string setting, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"Span buffer setting {setting} {problem}.", setting);
        }
    }
}
