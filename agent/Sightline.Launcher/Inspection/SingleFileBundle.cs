using System.Buffers.Binary;
using System.Text;

namespace Sightline.Launcher.Inspection;

/// <summary>
/// Recognises a .NET single-file bundle and reads the runtimeconfig.json it embeds. Every app host carries the bundle
/// signature (the SHA-256 of ".net core bundle"); the 8 bytes before it hold the bundle header's offset, which stays 0
/// in an app host that is not a bundle.
/// </summary>
internal static class SingleFileBundle
{
    private static readonly byte[] Signature =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    /// <summary>True when the file is a bundle; <paramref name="runtimeConfig"/> is its embedded runtimeconfig.json, if readable.</summary>
    public static bool TryRead(ElfFile file, out string? runtimeConfig)
    {
        runtimeConfig = null;
        var at = file.IndexOf(Signature);
        if (at < 8)
        {
            return false;
        }

        var bytes = file.Bytes;
        var header = BinaryPrimitives.ReadInt64LittleEndian(bytes[(at - 8)..]);
        if (header <= 0 || header >= bytes.Length)
        {
            return false;
        }

        runtimeConfig = ReadRuntimeConfig(bytes, (int)header);
        return true;
    }

    // Header: major, minor (uint32), file count (int32), bundle id (7-bit length-prefixed UTF-8); from version 2 on the
    // deps.json and runtimeconfig.json locations follow as (int64 offset, int64 size) pairs.
    private static string? ReadRuntimeConfig(ReadOnlySpan<byte> bytes, int header)
    {
        try
        {
            var major = BinaryPrimitives.ReadUInt32LittleEndian(bytes[header..]);
            var position = header + 12;
            int length = 0, shift = 0;
            byte b;
            do
            {
                b = bytes[position++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0 && shift < 35);

            position += length;
            if (major < 2)
            {
                return null;
            }

            var offset = BinaryPrimitives.ReadInt64LittleEndian(bytes[(position + 16)..]);
            var size = BinaryPrimitives.ReadInt64LittleEndian(bytes[(position + 24)..]);
            if (offset <= 0 || size <= 0 || offset + size > bytes.Length)
            {
                return null;
            }

            var json = Encoding.UTF8.GetString(bytes.Slice((int)offset, (int)size));
            return json.TrimStart().StartsWith('{') ? json : null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
