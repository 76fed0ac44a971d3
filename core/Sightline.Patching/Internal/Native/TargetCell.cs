using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// The 8-byte native cell every jump of one target goes through; it holds the address of the current replacement.
/// Never freed: code versions that jump through it may live as long as the process.
/// </summary>
internal static unsafe class TargetCell
{
    public static IntPtr Allocate() => (IntPtr)NativeMemory.AlignedAlloc(8, 8);

    public static void Set(IntPtr cell, IntPtr destination) => Volatile.Write(ref *(long*)cell, (long)destination);

    public static IntPtr Get(IntPtr cell) => (IntPtr)Volatile.Read(ref *(long*)cell);
}
