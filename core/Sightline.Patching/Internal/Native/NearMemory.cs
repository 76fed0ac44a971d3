namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Finds free address space within rel32 reach (±2 GB) of a code address by reading /proc/self/maps, and maps
/// a block there with MAP_FIXED_NOREPLACE, so a 5-byte <c>jmp rel32</c> can reach a trampoline.
/// </summary>
/// <remarks>
/// The free gaps are read once and kept: reading and parsing /proc/self/maps for every block cost milliseconds on
/// the start-up path. A kept gap may have been taken since (the runtime maps memory too): MAP_FIXED_NOREPLACE then
/// fails for it and the next candidate is tried, and when none is left the gaps are read again.
/// No LINQ and no collections of value tuples here: generic code over value types is JIT-compiled at start-up
/// (ReadyToRun cannot hold framework generics instantiated over them).
/// </remarks>
internal static unsafe class NearMemory
{
    public const int BlockSize = 64 * 1024;
    private const long Reach = int.MaxValue - (2L * BlockSize);
    private const int MaxTries = 16;
    private static readonly Lock Gate = new();
    private static List<FreeGap>? _gaps;

    /// <summary>Maps a block near <paramref name="near"/>; returns null when no gap is free in reach.</summary>
    public static byte* Allocate(IntPtr near, int protection)
    {
        lock (Gate)
        {
            var gaps = _gaps ??= ReadFreeGaps();
            var block = TryAllocate(gaps, (long)near, protection);
            if (block == null)
            {
                // The kept gaps may be out of date: read them again once.
                _gaps = gaps = ReadFreeGaps();
                block = TryAllocate(gaps, (long)near, protection);
            }

            if (block != null)
            {
                Take(gaps, (long)block);
            }

            return block;
        }
    }

    public static bool InReach(IntPtr from, IntPtr to) => Math.Abs((long)to - (long)from) < Reach;

    /// <summary>Reads the free gaps now and keeps them for the next allocation (the engine's warm-up).</summary>
    internal static List<FreeGap> FreeGaps()
    {
        lock (Gate)
        {
            return _gaps = ReadFreeGaps();
        }
    }

    private static byte* TryAllocate(List<FreeGap> gaps, long target, int protection)
    {
        var candidates = NearestCandidates(gaps, target);
        foreach (var candidate in candidates)
        {
            if (candidate == 0)
            {
                break;
            }

            var mapped = Libc.Mmap(
                (void*)candidate, BlockSize, protection, Libc.MapPrivate | Libc.MapAnonymous | Libc.MapFixedNoReplace);
            if (mapped == (void*)-1)
            {
                continue;
            }

            // Old kernels ignore MAP_FIXED_NOREPLACE and treat the address as a hint: keep it only if in reach.
            if ((long)mapped == candidate || Math.Abs((long)mapped - target) < Reach)
            {
                return (byte*)mapped;
            }

            _ = Libc.Munmap(mapped, BlockSize);
        }

        return null;
    }

    /// <summary>
    /// The <see cref="MaxTries"/> candidate addresses nearest <paramref name="target"/>, nearest first, equal distances
    /// in gap order (unused entries are zero).
    /// </summary>
    private static long[] NearestCandidates(List<FreeGap> gaps, long target)
    {
        var nearest = new long[MaxTries];
        var count = 0;
        foreach (var gap in gaps)
        {
            if (gap.End - gap.Start < BlockSize)
            {
                continue;
            }

            // The two ends of the gap nearest the target: just after the mapping below, just before the one above.
            var low = AlignUp(gap.Start, BlockSize);
            var high = AlignDown(gap.End - BlockSize, BlockSize);
            if (high < low)
            {
                continue;
            }

            Offer(nearest, ref count, target, low, low, high);
            Offer(nearest, ref count, target, high, low, high);
            Offer(nearest, ref count, target, AlignDown(Math.Clamp(target, low, high), BlockSize), low, high);
        }

        return nearest;
    }

    /// <summary>Inserts <paramref name="address"/> into the sorted <paramref name="nearest"/> after every one as near.</summary>
    private static void Offer(long[] nearest, ref int count, long target, long address, long low, long high)
    {
        var distance = Math.Abs(address - target);
        if (address < low || address > high || distance >= Reach || address <= 0x10000)
        {
            return;
        }

        var at = count;
        while (at > 0 && Math.Abs(nearest[at - 1] - target) > distance)
        {
            at--;
        }

        if (at == nearest.Length)
        {
            return;
        }

        Array.Copy(nearest, at, nearest, at + 1, Math.Min(count, nearest.Length - 1) - at);
        nearest[at] = address;
        count = Math.Min(count + 1, nearest.Length);
    }

    /// <summary>Removes a block just mapped from the kept gaps.</summary>
    private static void Take(List<FreeGap> gaps, long block)
    {
        for (var i = 0; i < gaps.Count; i++)
        {
            var gap = gaps[i];
            if (block >= gap.Start && block + BlockSize <= gap.End)
            {
                gaps[i] = new FreeGap(block + BlockSize, gap.End);
                gaps.Insert(i, new FreeGap(gap.Start, block));
                return;
            }
        }
    }

    /// <summary>The unmapped ranges of the address space, from /proc/self/maps.</summary>
    private static List<FreeGap> ReadFreeGaps()
    {
        // Lines are "start-end perms offset dev inode path", addresses in hex.
        var maps = File.ReadAllBytes("/proc/self/maps");
        var starts = new long[256];
        var ends = new long[256];
        var count = 0;
        var position = 0;
        while (position < maps.Length)
        {
            var start = ParseHex(maps, ref position);
            var dash = position < maps.Length && maps[position] == '-';
            position++;
            var end = ParseHex(maps, ref position);
            while (position < maps.Length && maps[position++] != '\n')
            {
            }

            if (!dash)
            {
                continue;
            }

            if (count == starts.Length)
            {
                starts = Grow(starts);
                ends = Grow(ends);
            }

            starts[count] = start;
            ends[count] = end;
            count++;
        }

        SortByStart(starts, ends, count);
        var gaps = new List<FreeGap>();
        var previousEnd = 0x10000L;
        for (var i = 0; i < count; i++)
        {
            if (starts[i] > previousEnd)
            {
                gaps.Add(new FreeGap(previousEnd, starts[i]));
            }

            previousEnd = Math.Max(previousEnd, ends[i]);
        }

        gaps.Add(new FreeGap(previousEnd, 0x7FFF_FFFF_0000L));
        return gaps;
    }

    /// <summary>
    /// The kernel lists mappings in address order, so this finds nothing to move; it only keeps the gaps right if
    /// that ever changed (an insertion sort: no generic sorting code to compile).
    /// </summary>
    private static void SortByStart(long[] starts, long[] ends, int count)
    {
        for (var i = 1; i < count; i++)
        {
            var start = starts[i];
            var end = ends[i];
            var j = i;
            while (j > 0 && (starts[j - 1] > start || (starts[j - 1] == start && ends[j - 1] > end)))
            {
                starts[j] = starts[j - 1];
                ends[j] = ends[j - 1];
                j--;
            }

            starts[j] = start;
            ends[j] = end;
        }
    }

    private static long[] Grow(long[] values)
    {
        var larger = new long[values.Length * 2];
        Array.Copy(values, larger, values.Length);
        return larger;
    }

    private static long ParseHex(byte[] text, ref int position)
    {
        var value = 0L;
        while (position < text.Length)
        {
            var c = text[position];
            var digit = c is >= (byte)'0' and <= (byte)'9' ? c - '0'
                : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10
                : c is >= (byte)'A' and <= (byte)'F' ? c - 'A' + 10
                : -1;
            if (digit < 0)
            {
                break;
            }

            value = (value << 4) | (long)digit;
            position++;
        }

        return value;
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

    private static long AlignDown(long value, long alignment) => value & ~(alignment - 1);

    /// <summary>A free range [Start, End) of the address space (a class: no generic code over a value type).</summary>
    internal sealed class FreeGap(long start, long end)
    {
        public long Start { get; } = start;

        public long End { get; } = end;
    }
}
