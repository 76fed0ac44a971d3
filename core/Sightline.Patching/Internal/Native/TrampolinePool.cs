namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Hands out 16-byte trampolines near code: <c>mov rax, cell; jmp [rax]</c>. A trampoline never changes once
/// written; retargeting a patch swaps the pointer in its cell. Blocks are mapped RWX; where the system refuses RWX
/// memory, each trampoline gets its own page, written RW and then sealed R-X.
/// </summary>
internal static unsafe class TrampolinePool
{
    private const int TrampolineSize = 16;
    private static readonly List<Block> Blocks = [];
    private static bool _rwxRefused;

    /// <summary>Returns a trampoline in rel32 reach of <paramref name="near"/> jumping through <paramref name="cell"/>, or zero.</summary>
    public static IntPtr Rent(IntPtr near, IntPtr cell)
    {
        lock (Blocks)
        {
            if (!_rwxRefused)
            {
                var block = Blocks.FirstOrDefault(b => b.Used + TrampolineSize <= NearMemory.BlockSize
                    && NearMemory.InReach(near, (IntPtr)b.Start) && NearMemory.InReach(near, (IntPtr)(b.Start + NearMemory.BlockSize)));
                if (block is null)
                {
                    var start = NearMemory.Allocate(near, Libc.ProtRead | Libc.ProtWrite | Libc.ProtExec);
                    if (start != null)
                    {
                        block = new Block(start);
                        Blocks.Add(block);
                    }
                }

                if (block is not null)
                {
                    var slot = block.Start + block.Used;
                    block.Used += TrampolineSize;
                    JumpWriter.WriteCellJump(slot, cell);
                    return (IntPtr)slot;
                }
            }

            var sealedPage = NearMemory.Allocate(near, Libc.ProtRead | Libc.ProtWrite);
            if (sealedPage == null)
            {
                return IntPtr.Zero;
            }

            // RWX was refused but RW works: the system forbids writable code, so seal every page from now on.
            _rwxRefused = true;

            JumpWriter.WriteCellJump(sealedPage, cell);
            _ = Libc.Mprotect(sealedPage, NearMemory.BlockSize, Libc.ProtRead | Libc.ProtExec);
            return (IntPtr)sealedPage;
        }
    }

    /// <summary>A trampoline anywhere in the address space (for the absolute jump form), or zero.</summary>
    public static IntPtr RentAnywhere(IntPtr cell)
    {
        lock (Blocks)
        {
            var block = _rwxRefused ? null : Blocks.FirstOrDefault(b => b.Used + TrampolineSize <= NearMemory.BlockSize);
            if (block is not null)
            {
                var slot = block.Start + block.Used;
                block.Used += TrampolineSize;
                JumpWriter.WriteCellJump(slot, cell);
                return (IntPtr)slot;
            }

            var page = (byte*)Libc.Mmap(null, NearMemory.BlockSize, Libc.ProtRead | Libc.ProtWrite, Libc.MapPrivate | Libc.MapAnonymous);
            if (page == (byte*)-1)
            {
                return IntPtr.Zero;
            }

            JumpWriter.WriteCellJump(page, cell);
            return Libc.Mprotect(page, NearMemory.BlockSize, Libc.ProtRead | Libc.ProtExec) == 0 ? (IntPtr)page : IntPtr.Zero;
        }
    }

    private sealed class Block(byte* start)
    {
        public byte* Start { get; } = start;

        public int Used { get; set; }
    }
}
