namespace Sightline.Core.Buffering;

/// <summary>What a producer does when the channel its span belongs to is full.</summary>
public enum BufferPolicy
{
    /// <summary>Drop the span being offered and count it: the application never waits (the default).</summary>
    DropNewest,

    /// <summary>Evict the oldest queued span to make room and count the overwrite: the freshest data wins.</summary>
    OverwriteOldest,

    /// <summary>Wait up to <see cref="SpanBufferOptions.BlockTimeout"/> for room, then drop the span and count it.</summary>
    Block,
}
