using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>Makes code pages writable before a jump is written into live code.</summary>
internal static unsafe class MemoryProtection
{
    private const int PageSize = 4096;

    /// <summary>
    /// Makes [address, address+length) readable, writable and executable. The pages are left RWX, as MonoMod does:
    /// under W^X the runtime writes code through its own RW view, and with W^X off its code heaps are RWX already,
    /// so restoring R-X blindly could make the runtime's own writes fault.
    /// </summary>
    public static void MakeWritable(byte* address, int length)
    {
        var start = (nuint)address & ~(nuint)(PageSize - 1);
        var end = ((nuint)address + (nuint)length + PageSize - 1) & ~(nuint)(PageSize - 1);
        if (Libc.Mprotect((void*)start, end - start, Libc.ProtRead | Libc.ProtWrite | Libc.ProtExec) != 0)
        {
            throw new PatchingException(
                $"mprotect(RWX) failed for 0x{start:x} with errno {Marshal.GetLastSystemError()}; "
                + "the system policy (SELinux execmod, PaX) forbids writing to code");
        }
    }

    /// <summary>Makes a data page writable (the JIT's vtables live in read-only relocations).</summary>
    public static void MakeDataWritable(void* address, int length)
    {
        var start = (nuint)address & ~(nuint)(PageSize - 1);
        var end = ((nuint)address + (nuint)length + PageSize - 1) & ~(nuint)(PageSize - 1);
        if (Libc.Mprotect((void*)start, end - start, Libc.ProtRead | Libc.ProtWrite) != 0)
        {
            throw new PatchingException(
                $"mprotect(RW) failed for 0x{start:x} with errno {Marshal.GetLastSystemError()}");
        }
    }

    /// <summary>Puts a data page back to read-only after a vtable slot was swapped.</summary>
    public static void MakeDataReadOnly(void* address, int length)
    {
        var start = (nuint)address & ~(nuint)(PageSize - 1);
        var end = ((nuint)address + (nuint)length + PageSize - 1) & ~(nuint)(PageSize - 1);
        _ = Libc.Mprotect((void*)start, end - start, Libc.ProtRead);
    }
}
