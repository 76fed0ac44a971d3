using System.Globalization;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Finds free address space within rel32 reach (±2 GB) of a code address by reading /proc/self/maps, and maps
/// a block there with MAP_FIXED_NOREPLACE, so a 5-byte <c>jmp rel32</c> can reach a trampoline.
/// </summary>
internal static unsafe class NearMemory
{
    public const int BlockSize = 64 * 1024;
    private const long Reach = int.MaxValue - (2L * BlockSize);

    /// <summary>Maps a block near <paramref name="near"/>; returns null when no gap is free in reach.</summary>
    public static byte* Allocate(IntPtr near, int protection)
    {
        var gaps = FreeGaps();
        var target = (long)near;
        foreach (var candidate in Candidates(gaps, target).OrderBy(c => Math.Abs(c - target)).Take(16))
        {
            var mapped = Libc.Mmap(
                (void*)candidate, BlockSize, protection, Libc.MapPrivate | Libc.MapAnonymous | Libc.MapFixedNoReplace);
            if (mapped == (void*)-1)
            {
                continue;
            }

            if ((long)mapped == candidate)
            {
                return (byte*)mapped;
            }

            // Old kernels ignore MAP_FIXED_NOREPLACE and treat the address as a hint: keep it only if in reach.
            if (Math.Abs((long)mapped - target) < Reach)
            {
                return (byte*)mapped;
            }
        }

        return null;
    }

    public static bool InReach(IntPtr from, IntPtr to) => Math.Abs((long)to - (long)from) < Reach;

    private static IEnumerable<long> Candidates(List<(long Start, long End)> gaps, long target)
    {
        foreach (var (start, end) in gaps)
        {
            if (end - start < BlockSize)
            {
                continue;
            }

            // The two ends of the gap nearest the target: just after the mapping below, just before the one above.
            var low = AlignUp(start, BlockSize);
            var high = AlignDown(end - BlockSize, BlockSize);
            if (high < low)
            {
                continue;
            }

            foreach (var address in new[] { low, high, AlignDown(Math.Clamp(target, low, high), BlockSize) })
            {
                if (address >= low && address <= high && Math.Abs(address - target) < Reach && address > 0x10000)
                {
                    yield return address;
                }
            }
        }
    }

    /// <summary>The unmapped ranges of the address space, from /proc/self/maps.</summary>
    internal static List<(long Start, long End)> FreeGaps()
    {
        var mapped = new List<(long Start, long End)>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash <= 0 || space <= dash)
            {
                continue;
            }

            mapped.Add((
                long.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }

        mapped.Sort();
        var gaps = new List<(long Start, long End)>();
        var previousEnd = 0x10000L;
        foreach (var (start, end) in mapped)
        {
            if (start > previousEnd)
            {
                gaps.Add((previousEnd, start));
            }

            previousEnd = Math.Max(previousEnd, end);
        }

        gaps.Add((previousEnd, 0x7FFF_FFFF_0000L));
        return gaps;
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

    private static long AlignDown(long value, long alignment) => value & ~(alignment - 1);
}
