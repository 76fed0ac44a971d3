using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Jit;

/// <summary>The JIT-EE AllocMemArgs of .NET 7-10 (research/patching.md §2); .NET 11 changes it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AllocMemArgs
{
    public uint HotCodeSize;
    public uint ColdCodeSize;
    public uint RoDataSize;
    public uint XcptnsCount;
    public int Flag;
    public IntPtr HotCodeBlock;
    public IntPtr HotCodeBlockRw;
    public IntPtr ColdCodeBlock;
    public IntPtr ColdCodeBlockRw;
    public IntPtr RoDataBlock;
    public IntPtr RoDataBlockRw;
}
