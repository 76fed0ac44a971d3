using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sightline.Patching.Tests.Assets;

/// <summary>
/// Compiles, but the runtime refuses to load it: an object reference overlapped by a long. Internal, so test
/// discovery (GetExportedTypes) does not load it.
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal struct BadLayout
{
    [FieldOffset(0)]
    public object? Reference;

    [FieldOffset(0)]
    public long Number;
}

internal static class BadLayoutUser
{
    /// <summary>Loading BadLayout fails while this method is being JIT-compiled, inside the EE, under the hook.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Use()
    {
        var bad = new BadLayout { Number = 5 };
        return bad.Number;
    }
}
