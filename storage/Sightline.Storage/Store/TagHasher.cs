using System.Text;

namespace Sightline.Storage.Store;

/// <summary>
/// Hashes a tag key and its string value into 64 bits. Stores keep hashes only (a span's tag set, the tag index),
/// so a collision (odds about 2^-64 per pair) can only add a candidate, which the span check may then let through;
/// it never loses a match.
/// </summary>
public static class TagHasher
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static long Hash(string key, string value)
    {
        var hash = OffsetBasis;
        hash = Mix(hash, key);
        // 0xFF never occurs in UTF-8, so "a"+"bc" and "ab"+"c" hash apart.
        hash = (hash ^ 0xFF) * Prime;
        hash = Mix(hash, value);
        return unchecked((long)hash);
    }

    /// <summary>
    /// The operation name as a pseudo-tag of the tag index (never of a span's own tag set): the key starts with a
    /// control character no real tag key has, so searches by operation use the same index as searches by tag.
    /// </summary>
    public static long Operation(string operation) => Hash("\u0001operation", operation);

    /// <summary>The hash of a service name, the first half of a <see cref="ForService"/> key.</summary>
    public static long Service(string service) => unchecked((long)Mix(OffsetBasis, service));

    /// <summary>
    /// The tag-index key of a tag on a span of a service: searches always name the service, so one index probe
    /// finds only that service's spans.
    /// </summary>
    public static long ForService(long serviceHash, long tagHash)
    {
        var hash = unchecked((ulong)serviceHash);
        hash = (hash ^ 0xFF) * Prime;
        var tag = unchecked((ulong)tagHash);
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (tag & 0xFF)) * Prime;
            tag >>= 8;
        }

        return unchecked((long)hash);
    }

    private static ulong Mix(ulong hash, string text)
    {
        // An ASCII string's UTF-8 bytes are its chars: hashing them directly skips the transcoding, which cost more
        // than the hashing itself at ingest (most keys and values are ASCII). Same hash either way.
        if (Ascii.IsValid(text))
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * Prime;
            }

            return hash;
        }

        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
