using System.Text;

namespace Sightline.Storage.Store;

/// <summary>
/// Hashes a tag key and its string value into the 64-bit key of the tag index. The index stores hashes only, so
/// ingest writes two integers per tag; a collision (odds about 2^-64 per pair) can only add a trace to a result.
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

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
