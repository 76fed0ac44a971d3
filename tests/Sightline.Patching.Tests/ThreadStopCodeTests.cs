using System.Runtime.InteropServices;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Tests;

/// <summary>
/// The thread-stop code the engine copies at run time is exactly what its readable assembly
/// (<see cref="ThreadStopAssembly"/>) produces, wherever the page and the control block are.
/// </summary>
public sealed unsafe class ThreadStopCodeTests
{
    [Theory]
    [InlineData(0x0000_5555_1234_5640L)]
    [InlineData(0x0000_7fff_f000_0040L)]
    [InlineData(0x1122_3344_5566_7788L)]
    [InlineData(-64L)]
    public void The_precomputed_bytes_are_what_the_assembly_produces(long control)
    {
        const int PageSize = 4096;
        var page = (byte*)NativeMemory.AlignedAlloc(PageSize, PageSize);
        try
        {
            NativeMemory.Clear(page, PageSize);
            ThreadStopCode.Emit(page, PageSize, (byte*)control);
            var expected = ThreadStopAssembly.Assemble((ulong)page, control);

            var actual = new ReadOnlySpan<byte>(page, PageSize);
            Assert.True(
                actual[..expected.Code.Length].SequenceEqual(expected.Code) && ThreadStopCode.Code.Length == expected.Code.Length,
                "ThreadStopCode.Code no longer matches ThreadStopAssembly; the assembly gives (control 0):\n" + Listing(expected.Code));
            Assert.Equal(
                (expected.Handler, expected.Round, expected.Syscall),
                (ThreadStopCode.HandlerOffset, ThreadStopCode.StopRoundOffset, ThreadStopCode.SyscallOffset));
            Assert.True(actual[expected.Code.Length..].IndexOfAnyExcept((byte)0) < 0, "bytes written past the code");
        }
        finally
        {
            NativeMemory.AlignedFree(page);
        }
    }

    [Fact]
    public void A_page_too_small_is_refused()
    {
        var buffer = new byte[ThreadStopCode.Code.Length - 1];
        fixed (byte* page = buffer)
        {
            var pointer = page;
            Assert.Throws<InvalidOperationException>(() => ThreadStopCode.Emit(pointer, buffer.Length, null));
        }
    }

    private static string Listing(byte[] code)
    {
        var withoutControl = (byte[])code.Clone();
        withoutControl.AsSpan(ThreadStopCode.ControlImmediateOffset, sizeof(long)).Clear();
        return string.Join(", ", withoutControl.Select(b => $"0x{b:X2}"));
    }
}
