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
    private const int ChunkSize = 16 * 1024;
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
        using var maps = new FileStream("/proc/self/maps", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        return GapsFrom(maps, ChunkSize);
    }

    /// <summary>
    /// The gaps between the ranges a maps file lists, read in chunks of <paramref name="chunkSize"/> bytes: the file of
    /// a .NET process is 100-300 KB, and reading it whole (File.ReadAllBytes, its length unknown) allocated twice that
    /// on every start, a tenth of the agent's start-up allocations and enough to bring the first GC forward.
    /// </summary>
    internal static List<FreeGap> GapsFrom(Stream maps, int chunkSize)
    {
        // Lines are "start-end perms offset dev inode path", addresses in hex; only the two addresses are read, so a
        // line may span chunks at any byte.
        var chunk = new byte[chunkSize];
        var starts = new long[256];
        var ends = new long[256];
        var count = 0;
        var line = new MapsLine();
        int read;
        while ((read = maps.Read(chunk, 0, chunk.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (line.Accept(chunk[i]))
                {
                    Append(ref starts, ref ends, ref count, line);
                }
            }
        }

        if (line.Finish())
        {
            Append(ref starts, ref ends, ref count, line);
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

    private static void Append(ref long[] starts, ref long[] ends, ref int count, in MapsLine line)
    {
        // Most mappings touch the one before (a library's segments, the heap's reservations): one range for all of them
        // keeps a few hundred entries where the file has thousands of lines.
        if (count > 0 && line.Start >= starts[count - 1] && line.Start <= ends[count - 1])
        {
            ends[count - 1] = Math.Max(ends[count - 1], line.End);
            return;
        }

        if (count == starts.Length)
        {
            starts = Grow(starts);
            ends = Grow(ends);
        }

        starts[count] = line.Start;
        ends[count] = line.End;
        count++;
    }

    private static long[] Grow(long[] values)
    {
        var larger = new long[values.Length * 2];
        Array.Copy(values, larger, values.Length);
        return larger;
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

    private static long AlignDown(long value, long alignment) => value & ~(alignment - 1);

    /// <summary>
    /// Reads maps lines a byte at a time: a range's two hex addresses, then everything up to the newline. A line with
    /// no dash after its first address names no range.
    /// </summary>
    private struct MapsLine
    {
        private const int InStart = 0;
        private const int InEnd = 1;
        private const int Skipping = 2;
        private int _state;
        private int _digits;

        public long Start { get; private set; }

        public long End { get; private set; }

        /// <summary>Takes the next byte; true when it completed a range (then in <see cref="Start"/> and <see cref="End"/>).</summary>
        public bool Accept(byte c)
        {
            if (c == '\n')
            {
                var complete = _state == InEnd && _digits > 0;
                _state = InStart;
                _digits = 0;
                return complete;
            }

            var digit = HexDigit(c);
            switch (_state)
            {
                case InStart when digit >= 0:
                    Start = _digits++ == 0 ? digit : (Start << 4) | (long)digit;
                    return false;
                case InStart:
                    _state = c == '-' && _digits > 0 ? InEnd : Skipping;
                    _digits = 0;
                    return false;
                case InEnd when digit >= 0:
                    End = _digits++ == 0 ? digit : (End << 4) | (long)digit;
                    return false;
                case InEnd:
                    _state = Skipping;
                    return _digits > 0;
                default:
                    return false;
            }
        }

        /// <summary>At the end of the file: true when its last line, cut right after the end address, held a range.</summary>
        public readonly bool Finish() => _state == InEnd && _digits > 0;

        private static int HexDigit(byte c) => c is >= (byte)'0' and <= (byte)'9' ? c - '0'
            : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10
            : c is >= (byte)'A' and <= (byte)'F' ? c - 'A' + 10
            : -1;
    }

    /// <summary>A free range [Start, End) of the address space (a class: no generic code over a value type).</summary>
    internal sealed class FreeGap(long start, long end)
    {
        public long Start { get; } = start;

        public long End { get; } = end;
    }
}
