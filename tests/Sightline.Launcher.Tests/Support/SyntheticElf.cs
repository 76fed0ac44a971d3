using System.Buffers.Binary;
using System.Text;

namespace Sightline.Launcher.Tests.Support;

/// <summary>
/// Writes minimal ELF64 files with chosen section names and payload: the launcher's detection is checked against real
/// Native AOT, single-file and app-host builds by hand (docs/launcher.md), and against these shapes in every test run.
/// </summary>
internal static class SyntheticElf
{
    /// <summary>Writes the file; <paramref name="payload"/> is given the offset it will be written at.</summary>
    public static string Write(string file, string[] sections, Func<int, byte[]>? payload = null)
    {
        var names = new StringBuilder("\0");
        var nameOffsets = new List<int> { 0 };
        foreach (var section in sections.Append(".shstrtab"))
        {
            nameOffsets.Add(names.Length);
            names.Append(section).Append('\0');
        }

        var table = Encoding.ASCII.GetBytes(names.ToString());
        var count = sections.Length + 2;
        var tableOffset = 64 + (64 * count);
        var extra = payload?.Invoke(tableOffset + table.Length) ?? [];
        var bytes = new byte[tableOffset + table.Length + extra.Length];
        "\u007fELF"u8.CopyTo(bytes);
        bytes[4] = 2; // 64-bit
        bytes[5] = 1; // little-endian
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x10), 2); // executable
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x12), 0x3E); // x86-64
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(0x28), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3C), (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3E), (ushort)(count - 1));
        for (var i = 1; i < count; i++)
        {
            var header = bytes.AsSpan(64 + (64 * i));
            BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)nameOffsets[i]);
            if (i == count - 1)
            {
                BinaryPrimitives.WriteInt64LittleEndian(header[0x18..], tableOffset);
                BinaryPrimitives.WriteInt64LittleEndian(header[0x20..], table.Length);
            }
        }

        table.CopyTo(bytes, tableOffset);
        extra.CopyTo(bytes, tableOffset + table.Length);
        File.WriteAllBytes(file, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute);
        }

        return file;
    }

    /// <summary>A payload holding a single-file bundle header whose embedded runtimeconfig.json is <paramref name="runtimeConfig"/>.</summary>
    public static byte[] BundlePayload(string runtimeConfig, int payloadStart)
    {
        byte[] signature =
        [
            0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
            0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
        ];
        var json = Encoding.UTF8.GetBytes(runtimeConfig);
        const string bundleId = "test";

        // [header offset][signature][json][header: major, minor, count, id, deps (offset, size), runtimeconfig (offset, size), flags]
        var jsonAt = payloadStart + 8 + signature.Length;
        var headerAt = jsonAt + json.Length;
        var payload = new byte[8 + signature.Length + json.Length + 12 + 1 + bundleId.Length + 40];
        BinaryPrimitives.WriteInt64LittleEndian(payload, headerAt);
        signature.CopyTo(payload, 8);
        json.CopyTo(payload, 8 + signature.Length);
        var header = payload.AsSpan(8 + signature.Length + json.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header, 6);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 1);
        header[12] = (byte)bundleId.Length;
        Encoding.ASCII.GetBytes(bundleId).CopyTo(header[13..]);
        var after = header[(13 + bundleId.Length)..];
        BinaryPrimitives.WriteInt64LittleEndian(after[16..], jsonAt);
        BinaryPrimitives.WriteInt64LittleEndian(after[24..], json.Length);
        return payload;
    }
}
