using System.Text;
using Sightline.Storage.Store;

namespace Sightline.Storage.Tests.Store;

/// <summary>
/// Stored tag hashes never change: a tag hashes to FNV-1a over the key's UTF-8 bytes, 0xFF, then the value's UTF-8
/// bytes, whether the text is ASCII (hashed straight from its chars) or not (transcoded first).
/// </summary>
public sealed class TagHasherTests
{
    [Theory]
    [InlineData("customer.id", "customer-4243")]
    [InlineData("", "")]
    [InlineData("città", "Zürich")]
    [InlineData("emoji", "🚀 launch")]
    [InlineData("mixed", "ascii then ü")]
    public void A_tag_hashes_to_fnv1a_of_its_utf8_bytes(string key, string value)
    {
        Assert.Equal(Reference(key, value), TagHasher.Hash(key, value));
    }

    [Fact]
    public void Long_values_hash_like_short_ones()
    {
        var ascii = new string('a', 1000);
        var other = string.Concat(Enumerable.Repeat("ü", 500));

        Assert.Equal(Reference("long", ascii), TagHasher.Hash("long", ascii));
        Assert.Equal(Reference("long", other), TagHasher.Hash("long", other));
    }

    private static long Reference(string key, string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ 0xFF) * 1099511628211UL;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
