using System.Buffers.Binary;

namespace Sightline.Storage.Store;

/// <summary>
/// A span's searchable tags as stored in its own row: the distinct tag hashes, sorted, 8 bytes little-endian each.
/// A search checks a candidate span against it without reading the span's payload or any other row.
/// </summary>
public static class SpanTagSet
{
    /// <summary>The sorted distinct hashes of the tags.</summary>
    public static long[] Hashes(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var hashes = new long[tags.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = TagHasher.Hash(tags[i].Key, tags[i].Value);
        }

        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i == 0 || hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return distinct == hashes.Length ? hashes : hashes[..distinct];
    }

    public static byte[] Encode(long[] sortedHashes)
    {
        var bytes = new byte[sortedHashes.Length * 8];
        for (var i = 0; i < sortedHashes.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), sortedHashes[i]);
        }

        return bytes;
    }

    /// <summary>Whether the encoded set holds every one of <paramref name="required"/>.</summary>
    public static bool ContainsAll(ReadOnlySpan<byte> encoded, IReadOnlyList<long> required)
    {
        foreach (var hash in required)
        {
            if (!Contains(encoded, hash))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(ReadOnlySpan<byte> encoded, long hash)
    {
        int low = 0, high = (encoded.Length / 8) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var value = BinaryPrimitives.ReadInt64LittleEndian(encoded[(middle * 8)..]);
            if (value == hash)
            {
                return true;
            }

            if (value < hash)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }
}
