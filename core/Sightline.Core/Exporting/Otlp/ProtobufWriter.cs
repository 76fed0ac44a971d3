using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>
/// The protobuf wire format, written forward into one growing buffer. A nested message's length is not known before
/// its content is written, so <see cref="BeginMessage"/> reserves four bytes and <see cref="EndMessage"/> fills them
/// with a padded varint (continuation bits on the first three): protobuf parsers accept varints longer than needed,
/// and no message is ever measured twice. The one exception is the commonest message, a short ASCII attribute, whose
/// lengths are known from the strings' lengths before it is written.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int ReservedLength = 4;
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLength = 2;
    private const int WireFixed32 = 5;

    // Up to 42 UTF-16 characters encode to at most 126 bytes, whose length fits one varint byte.
    private const int ShortString = 42;

    private byte[] _buffer;
    private int _position;

    public ProtobufWriter(int capacity = 64 * 1024) => _buffer = new byte[capacity];

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ArraySegment<byte> Written => new(_buffer, 0, _position);

    public int Length => _position;

    public void Reset() => _position = 0;

    /// <summary>Opens a length-delimited field; returns the bookmark <see cref="EndMessage"/> needs.</summary>
    public int BeginMessage(int field)
    {
        Tag(field, WireLength);
        Ensure(ReservedLength);
        var bookmark = _position;
        _position += ReservedLength;
        return bookmark;
    }

    public void EndMessage(int bookmark)
    {
        var length = (uint)(_position - bookmark - ReservedLength);
        if (length >= 1u << 28)
        {
            throw new InvalidOperationException($"An OTLP message of {length} bytes does not fit a four-byte length.");
        }

        var span = _buffer.AsSpan(bookmark, ReservedLength);
        span[0] = (byte)((length & 0x7F) | 0x80);
        span[1] = (byte)(((length >> 7) & 0x7F) | 0x80);
        span[2] = (byte)(((length >> 14) & 0x7F) | 0x80);
        span[3] = (byte)(length >> 21);
    }

    public void String(int field, string value)
    {
        Tag(field, WireLength);

        // Nearly every string a span holds is ASCII, whose UTF-8 length is its length: known before the copy, and the
        // narrowing copy is cheaper than the UTF-8 transcoder. Anything else is rewound and encoded below.
        Ensure(5 + value.Length);
        var start = _position;
        Varint((uint)value.Length);
        if (Ascii.FromUtf16(value, _buffer.AsSpan(_position), out var ascii) == OperationStatus.Done)
        {
            _position += ascii;
            return;
        }

        _position = start;
        if (value.Length <= ShortString)
        {
            Ensure(1 + (ShortString * 3));
            var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position + 1));
            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        Varint((uint)length);
        Ensure(length);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLength);
        Varint((uint)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    /// <summary>
    /// A <c>KeyValue</c> holding a string <c>AnyValue</c>, written with one-byte lengths known up front when key and value
    /// are ASCII and the whole fits 127 bytes: the common tag, neither reserved nor patched. False, with nothing
    /// written, when it does not fit.
    /// </summary>
    public bool TryShortStringAttribute(int field, string key, string value)
    {
        // KeyValue: key (tag, length, bytes), value (tag, length, AnyValue: tag, length, bytes).
        var length = 2 + key.Length + 2 + 2 + value.Length;
        if (length > 127 || field > 15)
        {
            return false;
        }

        var start = _position;
        if (!ShortKeyValueHead(field, length, key, 2 + value.Length))
        {
            return false;
        }

        var buffer = _buffer;
        buffer[_position++] = (1 << 3) | WireLength;
        buffer[_position++] = (byte)value.Length;
        if (Ascii.FromUtf16(value, buffer.AsSpan(_position, value.Length), out _) != OperationStatus.Done)
        {
            _position = start;
            return false;
        }

        _position += value.Length;
        return true;
    }

    /// <summary>A <c>KeyValue</c> holding an int <c>AnyValue</c>, as <see cref="TryShortStringAttribute"/> does.</summary>
    public bool TryShortIntAttribute(int field, string key, int value)
    {
        // The value as int64: a negative one takes ten bytes.
        var varint = VarintLength((ulong)(long)value);
        var length = 2 + key.Length + 2 + 1 + varint;
        if (length > 127 || field > 15)
        {
            return false;
        }

        if (!ShortKeyValueHead(field, length, key, 1 + varint))
        {
            return false;
        }

        _buffer[_position++] = (3 << 3) | WireVarint;
        Varint((ulong)(long)value);
        return true;
    }

    /// <summary>A length-delimited field of exactly <paramref name="length"/> bytes for the caller to fill.</summary>
    public Span<byte> BytesOf(int field, int length)
    {
        Tag(field, WireLength);
        Varint((uint)length);
        Ensure(length);
        var span = _buffer.AsSpan(_position, length);
        _position += length;
        return span;
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void Bool(int field, bool value)
    {
        Tag(field, WireVarint);
        Ensure(1);
        _buffer[_position++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>An int64 or enum field: negative numbers take ten bytes, as protobuf's two's complement wants.</summary>
    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint((ulong)value);
    }

    public void UInt32(int field, uint value)
    {
        Tag(field, WireVarint);
        Varint(value);
    }

    public void Double(int field, double value)
    {
        Tag(field, WireFixed64);
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void Fixed64(int field, ulong value)
    {
        Tag(field, WireFixed64);
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void Fixed32(int field, uint value)
    {
        Tag(field, WireFixed32);
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    // The KeyValue's tag and length, its key, and the tag and length of its AnyValue; rewound when the key is not ASCII.
    private bool ShortKeyValueHead(int field, int length, string key, int anyValueLength)
    {
        Ensure(2 + length);
        var start = _position;
        var buffer = _buffer;
        buffer[_position++] = (byte)((field << 3) | WireLength);
        buffer[_position++] = (byte)length;
        buffer[_position++] = (1 << 3) | WireLength;
        buffer[_position++] = (byte)key.Length;
        if (Ascii.FromUtf16(key, buffer.AsSpan(_position, key.Length), out _) != OperationStatus.Done)
        {
            _position = start;
            return false;
        }

        _position += key.Length;
        buffer[_position++] = (2 << 3) | WireLength;
        buffer[_position++] = (byte)anyValueLength;
        return true;
    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private void Tag(int field, int wireType) => Varint((uint)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
    }

    private void Ensure(int bytes)
    {
        if (_position + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + bytes));
        }
    }
}
