namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Follows a method's entry point through the runtime's stubs to its current native code. Byte patterns are those
/// of .NET 8-10 on x64 (research/patching.md §1): FixupPrecode and call-counting stubs keep their data 16 KB after
/// the code, jump stubs load an absolute address.
/// </summary>
internal static unsafe class CodeLocator
{
    private const int StubDataOffset = 0x4000;

    private static ReadOnlySpan<byte> FixupPrecode =>
        [0xFF, 0x25, 0xFA, 0x3F, 0x00, 0x00, 0x4C, 0x8B, 0x15, 0xFB, 0x3F, 0x00, 0x00, 0xFF, 0x25, 0xFD, 0x3F, 0x00, 0x00];

    private static ReadOnlySpan<byte> StubPrecode =>
        [0x4C, 0x8B, 0x15, 0xF9, 0x3F, 0x00, 0x00, 0xFF, 0x25, 0xFB, 0x3F, 0x00, 0x00];

    private static ReadOnlySpan<byte> CallCountingStub =>
        [0x48, 0x8B, 0x05, 0xF9, 0x3F, 0x00, 0x00, 0x66, 0xFF, 0x08, 0x74, 0x06, 0xFF, 0x25, 0xF6, 0x3F, 0x00, 0x00];

    /// <summary>True when the entry is a FixupPrecode that still points at the prestub.</summary>
    public static bool IsUncompiledPrecode(IntPtr entry)
    {
        var p = (byte*)entry;
        return new ReadOnlySpan<byte>(p, FixupPrecode.Length).SequenceEqual(FixupPrecode)
            && *(byte**)(p + StubDataOffset) == p + 6;
    }

    /// <summary>Returns the native code the entry leads to, or zero when it is not compiled yet.</summary>
    public static IntPtr FindCode(IntPtr entry)
    {
        var p = (byte*)entry;
        for (var hop = 0; hop < 8; hop++)
        {
            if (new ReadOnlySpan<byte>(p, FixupPrecode.Length).SequenceEqual(FixupPrecode))
            {
                var target = *(byte**)(p + StubDataOffset);
                if (target == p + 6)
                {
                    return IntPtr.Zero;
                }

                p = target;
            }
            else if (new ReadOnlySpan<byte>(p, StubPrecode.Length).SequenceEqual(StubPrecode))
            {
                p = *(byte**)(p + StubDataOffset + 8);
            }
            else if (new ReadOnlySpan<byte>(p, CallCountingStub.Length).SequenceEqual(CallCountingStub))
            {
                p = *(byte**)(p + StubDataOffset + 8);
            }
            else if (p[0] == 0x48 && p[1] == 0xB8 && p[10] == 0xFF && p[11] == 0xE0)
            {
                // Jump stub: mov rax, imm64; jmp rax.
                p = *(byte**)(p + 2);
            }
            else
            {
                return (IntPtr)p;
            }
        }

        return (IntPtr)p;
    }
}
