using System.Runtime.CompilerServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// The jumps that redirect a method. A method's code only ever gets a jump of ONE instruction, to the target's
/// trampoline: <c>jmp rel32</c> (5 bytes, trampoline within ±2 GB) or <c>jmp [rip+0]</c> followed by the trampoline's
/// address (14 bytes, reaches anything). One instruction matters: a thread interrupted after the first of two
/// instructions would sit at an offset the method's unwind information describes as "prologue partly run", and the
/// runtime, unwinding it to hijack its return address for a garbage collection, would compute the return address
/// slot in the caller's frame and overwrite the caller's data (verified: NullReferenceException and access
/// violations in callers with the former two-instruction <c>mov rax, cell; jmp [rax]</c> jump). The trampoline is
/// <c>mov rax, cell; jmp [rax]</c> (rax is free at a managed method's entry) and is not managed code, so the runtime
/// never unwinds it; it goes through the target's cell, so retargeting a patch is one aligned 8-byte store.
/// </summary>
internal static unsafe class JumpWriter
{
    public const int CellJumpSize = 12;
    public const int Rel32JumpSize = 5;
    public const int AbsoluteJumpSize = 14;

    /// <summary>Writes the 12-byte cell jump of a trampoline at <paramref name="at"/> (memory nobody executes yet).</summary>
    public static void WriteCellJump(byte* at, IntPtr cell)
    {
        Span<byte> bytes = stackalloc byte[CellJumpSize];
        FillCellJump(bytes, cell);
        bytes.CopyTo(new Span<byte>(at, CellJumpSize));
    }

    /// <summary>Writes <c>jmp [rip+0]; dq destination</c> at <paramref name="at"/> (code nobody runs yet).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteAbsoluteJump(byte* at, IntPtr destination)
    {
        at[0] = 0xFF;
        at[1] = 0x25;
        *(int*)(at + 2) = 0;
        *(long*)(at + 6) = (long)destination;
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

    public static void FillAbsoluteJump(Span<byte> bytes, IntPtr destination)
    {
        fixed (byte* p = bytes)
        {
            WriteAbsoluteJump(p, destination);
        }
    }

    /// <summary>True when the code already starts with one of our jumps to a trampoline through <paramref name="cell"/>.</summary>
    public static bool StartsWithJumpThrough(IntPtr code, IntPtr cell)
    {
        var p = (byte*)code;
        if (p[0] == 0xE9)
        {
            return StartsWithCellJump((IntPtr)(p + Rel32JumpSize + *(int*)(p + 1)), cell);
        }

        return p[0] == 0xFF && p[1] == 0x25 && *(int*)(p + 2) == 0 && StartsWithCellJump(*(IntPtr*)(p + 6), cell);
    }

    private static bool StartsWithCellJump(IntPtr code, IntPtr cell)
    {
        var p = (byte*)code;
        return p[0] == 0x48 && p[1] == 0xB8 && *(long*)(p + 2) == (long)cell && p[10] == 0xFF && p[11] == 0x20;
    }
}
