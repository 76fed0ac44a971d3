using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>One write into live code, in the layout the native stop round reads (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal unsafe struct CodeWrite
{
    public const int MaxLength = 16;

    public long Address;
    public long Length;
    public fixed byte Bytes[MaxLength];

    public CodeWrite(IntPtr address, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), $"at most {MaxLength} bytes per write");
        }

        Address = address;
        Length = bytes.Length;
        fixed (byte* target = Bytes)
        {
            bytes.CopyTo(new Span<byte>(target, MaxLength));
        }
    }
}
