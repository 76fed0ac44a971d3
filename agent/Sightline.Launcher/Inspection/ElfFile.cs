using System.Buffers.Binary;
using System.Text;

namespace Sightline.Launcher.Inspection;

/// <summary>
/// The few facts the launcher needs from a 64-bit little-endian ELF executable: its section names and whether it
/// carries the marks of the Native AOT runtime.
/// </summary>
internal sealed class ElfFile
{
    // Sections the Native AOT compiler (ILCompiler) emits for compiled managed code and its module table; no app host,
    // single-file host or C/C++ program has them.
    private static readonly string[] NativeAotSections = ["__managedcode", "__modules"];

    // Exported by every Native AOT executable for debuggers and diagnostics tools; also found when sections are stripped.
    private static readonly byte[] NativeAotExport = Encoding.ASCII.GetBytes("DotNetRuntimeDebugHeader\0");

    private readonly byte[] _bytes;

    private ElfFile(byte[] bytes, IReadOnlyList<string> sections)
    {
        _bytes = bytes;
        SectionNames = sections;
    }

    public IReadOnlyList<string> SectionNames { get; }

    /// <summary>Reads the file when it is an ELF executable; null for anything else (a script, a text file).</summary>
    public static ElfFile? TryRead(string file)
    {
        using (var stream = File.OpenRead(file))
        {
            Span<byte> magic = stackalloc byte[4];
            if (stream.Length < 64 || stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || !magic.SequenceEqual("\u007fELF"u8))
            {
                return null;
            }
        }

        var bytes = File.ReadAllBytes(file);
        return new ElfFile(bytes, ReadSectionNames(bytes));
    }

    /// <summary>Returns the Native AOT marker found, or null when the file has none.</summary>
    public string? NativeAotMarker()
    {
        if (SectionNames.FirstOrDefault(s => NativeAotSections.Contains(s, StringComparer.Ordinal)) is { } section)
        {
            return $"it has the Native AOT section {section}";
        }

        return _bytes.AsSpan().IndexOf(NativeAotExport) >= 0 ? "it exports the Native AOT symbol DotNetRuntimeDebugHeader" : null;
    }

    /// <summary>Where <paramref name="pattern"/> first occurs in the file, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> pattern) => _bytes.AsSpan().IndexOf(pattern);

    public ReadOnlySpan<byte> Bytes => _bytes;

    // ELF64: e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C, e_shstrndx at 0x3E; each section header has sh_name
    // at +0, sh_offset at +0x18 and sh_size at +0x20. Anything out of bounds means no readable section table.
    private static List<string> ReadSectionNames(byte[] bytes)
    {
        var names = new List<string>();
        if (bytes[4] != 2 || bytes[5] != 1)
        {
            return names;
        }

        var span = bytes.AsSpan();
        var tableOffset = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3E..]);
        if (tableOffset <= 0 || entrySize < 0x28 || namesIndex >= count || tableOffset + ((long)entrySize * count) > bytes.Length)
        {
            return names;
        }

        var namesHeader = span.Slice((int)tableOffset + (entrySize * namesIndex), entrySize);
        var namesOffset = BinaryPrimitives.ReadInt64LittleEndian(namesHeader[0x18..]);
        var namesSize = BinaryPrimitives.ReadInt64LittleEndian(namesHeader[0x20..]);
        if (namesOffset <= 0 || namesSize <= 0 || namesOffset + namesSize > bytes.Length)
        {
            return names;
        }

        var table = span.Slice((int)namesOffset, (int)namesSize);
        for (var i = 0; i < count; i++)
        {
            var nameOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[((int)tableOffset + (entrySize * i))..]);
            if (nameOffset >= table.Length)
            {
                continue;
            }

            var rest = table[nameOffset..];
            var end = rest.IndexOf((byte)0);
            names.Add(Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]));
        }

        return names;
    }
}
