using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Tests;

/// <summary>Blocks for trampolines are mapped within rel32 reach of code, from free gaps that are kept between calls.</summary>
public sealed unsafe class NearMemoryTests
{
    [Fact]
    public void The_free_gaps_are_in_address_order_and_do_not_overlap()
    {
        var gaps = NearMemory.FreeGaps();

        Assert.NotEmpty(gaps);
        for (var i = 0; i < gaps.Count; i++)
        {
            Assert.True(gaps[i].Start < gaps[i].End, $"gap {i} is empty or reversed");
            Assert.True(i == 0 || gaps[i - 1].End < gaps[i].Start, $"gap {i} overlaps or touches the one before");
        }
    }

    [Fact]
    public void Consecutive_blocks_near_code_are_distinct_and_in_reach()
    {
        Assert.True(Libc.TryLoad());
        var near = typeof(NearMemoryTests).GetMethod(nameof(Consecutive_blocks_near_code_are_distinct_and_in_reach))!
            .MethodHandle.GetFunctionPointer();

        // The second and third come from the gaps kept by the first (with its block taken out), the fourth from a
        // fresh read after the kept gaps were refreshed.
        var first = NearMemory.Allocate(near, Libc.ProtRead | Libc.ProtWrite);
        var second = NearMemory.Allocate(near, Libc.ProtRead | Libc.ProtWrite);
        var third = NearMemory.Allocate(near, Libc.ProtRead | Libc.ProtWrite);
        _ = NearMemory.FreeGaps();
        var fourth = NearMemory.Allocate(near, Libc.ProtRead | Libc.ProtWrite);
        var blocks = new[] { (IntPtr)first, (IntPtr)second, (IntPtr)third, (IntPtr)fourth };
        try
        {
            Assert.DoesNotContain(IntPtr.Zero, blocks);
            Assert.Equal(blocks.Length, blocks.Distinct().Count());
            Assert.All(blocks, b => Assert.True(NearMemory.InReach(near, b) && NearMemory.InReach(near, b + NearMemory.BlockSize)));

            // Each block is really mapped and writable.
            foreach (var block in blocks)
            {
                new Span<byte>((byte*)block, NearMemory.BlockSize).Fill((byte)(block >> 16));
            }

            Assert.All(blocks, b => Assert.Equal((byte)(b >> 16), ((byte*)b)[NearMemory.BlockSize - 1]));
        }
        finally
        {
            foreach (var block in blocks)
            {
                if (block != IntPtr.Zero)
                {
                    _ = Libc.Munmap((void*)block, NearMemory.BlockSize);
                }
            }
        }
    }

    [Fact]
    public void A_maps_file_read_in_chunks_of_any_size_gives_the_same_gaps()
    {
        // The kernel's own text: lines of every length, paths with spaces, and reads that cut them anywhere.
        var maps = File.ReadAllBytes("/proc/self/maps");
        var whole = Describe(NearMemory.GapsFrom(new MemoryStream(maps), maps.Length + 1));

        Assert.True(whole.Count > 2, "a process maps more than two ranges");
        foreach (var chunkSize in new[] { 1, 2, 7, 64, 4096 })
        {
            Assert.Equal(whole, Describe(NearMemory.GapsFrom(new MemoryStream(maps), chunkSize)));
        }
    }

    [Fact]
    public void Touching_ranges_merge_lines_that_name_no_range_are_skipped_and_a_last_line_without_newline_counts()
    {
        const string Maps =
            "100000-200000 r-xp 00000000 08:01 42 /usr/lib/with space/a.so\n"
            + "200000-280000 rw-p 00000000 00:00 0\n"
            + "700000-800000 rw-p 00000000 00:00 0\n"
            + "garbage line\n"
            + "\n"
            + "300000 no dash here\n"
            + "-400000 no start\n"
            + "500000-600000";

        var gaps = Describe(NearMemory.GapsFrom(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(Maps)), 3));

        Assert.Equal(["10000-100000", "280000-500000", "600000-700000", "800000-7fffffff0000"], gaps);
    }

    private static List<string> Describe(List<NearMemory.FreeGap> gaps) => gaps.Select(g => $"{g.Start:x}-{g.End:x}").ToList();
}
