using System.Runtime.CompilerServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Writes the jumps that redirect a method. Two forms: <c>mov rax, cell; jmp [rax]</c> (12 bytes, reaches anything,
/// rax is free at a managed method's entry) and <c>jmp rel32</c> (5 bytes) to a near trampoline of that form.
/// Both go through the target's cell, so retargeting a patch is one aligned 8-byte store, never a code write.
/// </summary>
internal static unsafe class JumpWriter
{
    public const int CellJumpSize = 12;
    public const int Rel32JumpSize = 5;

    /// <summary>Writes the 12-byte cell jump at <paramref name="at"/> (memory that nobody executes yet).</summary>
    public static void WriteCellJump(byte* at, IntPtr cell)
    {
        Span<byte> bytes = stackalloc byte[CellJumpSize];
        FillCellJump(bytes, cell);
        bytes.CopyTo(new Span<byte>(at, CellJumpSize));
    }

    public static void FillCellJump(Span<byte> bytes, IntPtr cell)
    {
        bytes[0] = 0x48;
        bytes[1] = 0xB8;
        *(long*)Unsafe.AsPointer(ref bytes[2]) = (long)cell;
        bytes[10] = 0xFF;
        bytes[11] = 0x20;
    }

    public static void FillRel32Jump(Span<byte> bytes, IntPtr from, IntPtr to)
    {
        bytes[0] = 0xE9;
        *(int*)Unsafe.AsPointer(ref bytes[1]) = checked((int)((long)to - ((long)from + Rel32JumpSize)));
    }

    /// <summary>True when the code already starts with a jump through <paramref name="cell"/>.</summary>
    public static bool StartsWithCellJump(IntPtr code, IntPtr cell)
    {
        var p = (byte*)code;
        return p[0] == 0x48 && p[1] == 0xB8 && *(long*)(p + 2) == (long)cell && p[10] == 0xFF && p[11] == 0x20;
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> over the start of code other threads may be running. Up to 8 bytes inside one
    /// aligned quadword go in one atomic store. Longer jumps first park callers on a 2-byte <c>jmp $</c>, write the
    /// tail, then release them by storing the head, so no caller entering the method decodes a half-written jump.
    /// </summary>
    public static void WriteLive(IntPtr code, ReadOnlySpan<byte> bytes)
    {
        var p = (byte*)code;
        MemoryProtection.MakeWritable(p, bytes.Length);
        var offsetInWord = (int)((long)p & 7);
        if (offsetInWord + bytes.Length <= 8)
        {
            StoreInAlignedWord(p, bytes);
            return;
        }

        if (offsetInWord <= 6)
        {
            StoreInAlignedWord(p, [0xEB, 0xFE]);
            bytes[2..].CopyTo(new Span<byte>(p + 2, bytes.Length - 2));
            Thread.MemoryBarrier();
            StoreInAlignedWord(p, bytes[..2]);
        }
        else
        {
            // The head straddles two quadwords (not seen for CoreCLR code, which starts 16-byte aligned).
            bytes.CopyTo(new Span<byte>(p, bytes.Length));
        }
    }

    private static void StoreInAlignedWord(byte* p, ReadOnlySpan<byte> bytes)
    {
        var word = (long*)((long)p & ~7L);
        var offset = (int)((long)p & 7);
        while (true)
        {
            var old = Volatile.Read(ref *word);
            var updated = old;
            var span = new Span<byte>(&updated, 8);
            bytes.CopyTo(span[offset..]);
            if (Interlocked.CompareExchange(ref *word, updated, old) == old)
            {
                return;
            }
        }
    }
}
