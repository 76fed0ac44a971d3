using System.Buffers.Binary;
using System.Globalization;

namespace Sightline.Storage.Model;

/// <summary>A 128-bit trace id: 16 bytes big-endian on the wire (high, then low), lowercase hex as text.</summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public bool IsEmpty => High == 0 && Low == 0;

    public static TraceId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 16)
        {
            throw new FormatException($"a trace id has 16 bytes, got {bytes.Length}");
        }

        return new TraceId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes the 16 wire bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>Jaeger's text form: 16 hex digits when the high half is zero, else 32.</summary>
    public string ToHex() => High == 0
        ? Low.ToString("x16", CultureInfo.InvariantCulture)
        : High.ToString("x16", CultureInfo.InvariantCulture) + Low.ToString("x16", CultureInfo.InvariantCulture);

    public override string ToString() => ToHex();

    /// <summary>Parses up to 32 hex digits, as Jaeger does; false for anything else.</summary>
    public static bool TryParseHex(string? text, out TraceId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > 32)
        {
            return false;
        }

        var padded = text.PadLeft(32, '0');
        if (!ulong.TryParse(padded.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(padded.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        id = new TraceId(high, low);
        return true;
    }
}
