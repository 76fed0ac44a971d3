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
}
