using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sightline.Core.Buffering.Channels;

/// <summary>
/// A bounded ring on a preallocated array with atomic head and tail indices (Vyukov's bounded MPMC queue):
/// any number of producers, and dequeuers that may be the consumer or, under overwrite-oldest, a producer
/// evicting the oldest item. Enqueue and dequeue never allocate.
/// </summary>
/// <typeparam name="T">The queued item; a reference type, so a slot is cleared when it is taken.</typeparam>
public sealed class RingChannel<T>
    where T : class
{
    private readonly Slot[] _slots;
    private readonly long _mask;
    private PaddedCounter _tail;
    private PaddedCounter _head;
    private PaddedCounter _dropped;
    private PaddedCounter _overwritten;

    /// <summary>Creates a channel holding at least <paramref name="capacity"/> items (rounded up to a power of two).</summary>
    public RingChannel(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new Slot[size];
        for (var i = 0; i < size; i++)
        {
            _slots[i].Sequence = i;
        }

        _mask = size - 1;
    }

    /// <summary>How many items the channel holds when full.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Items currently queued (a snapshot; exact only when nobody is writing).</summary>
    public int Count => (int)Math.Clamp(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value), 0, _slots.Length);

    /// <summary>Items ever accepted, including those later overwritten.</summary>
    public long Accepted => Volatile.Read(ref _tail.Value);

    /// <summary>Items ever taken out by <see cref="TryDequeue"/>, including evictions.</summary>
    public long Taken => Volatile.Read(ref _head.Value);

    /// <summary>Offers refused because the channel was full (drop-newest, or a block that timed out).</summary>
    public long Dropped => Volatile.Read(ref _dropped.Value);

    /// <summary>Queued items evicted to make room under overwrite-oldest.</summary>
    public long Overwritten => Volatile.Read(ref _overwritten.Value);

    /// <summary>Adds an item if there is room; returns false at once when the channel is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEnqueue(T item)
    {
        while (true)
        {
            var position = Volatile.Read(ref _tail.Value);
            ref var slot = ref _slots[position & _mask];
            var difference = Volatile.Read(ref slot.Sequence) - position;
            if (difference == 0)
            {
                if (Interlocked.CompareExchange(ref _tail.Value, position + 1, position) == position)
                {
                    slot.Item = item;
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return true;
                }
            }
            else if (difference < 0)
            {
                // The slot still holds the item from the previous lap: full.
                return false;
            }
        }
    }

    /// <summary>Takes the oldest item, or returns false when the channel is empty.</summary>
    public bool TryDequeue(out T? item)
    {
        while (true)
        {
            var position = Volatile.Read(ref _head.Value);
            ref var slot = ref _slots[position & _mask];
            var difference = Volatile.Read(ref slot.Sequence) - (position + 1);
            if (difference == 0)
            {
                if (Interlocked.CompareExchange(ref _head.Value, position + 1, position) == position)
                {
                    item = slot.Item;
                    slot.Item = null;
                    Volatile.Write(ref slot.Sequence, position + _slots.Length);
                    return true;
                }
            }
            else if (difference < 0)
            {
                // Empty, or a producer has claimed the slot and not yet published it.
                item = null;
                return false;
            }
        }
    }

    /// <summary>Moves up to <paramref name="destination"/>'s length of the oldest items into it; returns how many.</summary>
    public int Drain(Span<T> destination)
    {
        var count = 0;
        while (count < destination.Length && TryDequeue(out var item))
        {
            destination[count++] = item!;
        }

        return count;
    }

    /// <summary>Counts one refused offer.</summary>
    public void CountDropped() => Interlocked.Increment(ref _dropped.Value);

    /// <summary>Counts one eviction.</summary>
    public void CountOverwritten() => Interlocked.Increment(ref _overwritten.Value);

    private struct Slot
    {
        public T? Item;
        public long Sequence;
    }
}
