namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Sets <c>mdfNotInline</c> on a MethodDesc so that callers compiled from now on call the target instead of
/// inlining its body past the patch. Release CoreCLR (.NET 10) layout: <c>m_wFlags</c> is the u16 at offset 6.
/// </summary>
internal static unsafe class MethodDescFlags
{
    private const uint NotInlineInDword = 0x2000u << 16;

    public static void SetNotInline(IntPtr methodDesc)
    {
        // The runtime updates these flags with interlocked operations too (InterlockedUpdateFlags), so a CAS on
        // the aligned DWORD at +4 cannot lose a concurrent flag change.
        var cell = (int*)((byte*)methodDesc + 4);
        while (true)
        {
            var old = Volatile.Read(ref *cell);
            var updated = (int)((uint)old | NotInlineInDword);
            if (old == updated || Interlocked.CompareExchange(ref *cell, updated, old) == old)
            {
                return;
            }
        }
    }

    public static bool IsNotInline(IntPtr methodDesc) =>
        ((uint)*(int*)((byte*)methodDesc + 4) & NotInlineInDword) != 0;
}
