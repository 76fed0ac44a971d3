using Sightline.LoadTest.Receiving;

namespace Sightline.LoadTest.Tests.Receiving;

public sealed class OtlpSpanCounterTests
{
    [Fact]
    public void Spans_are_counted_across_resources_and_scopes_and_other_fields_are_skipped()
    {
        // resource_spans { resource {…}, scope_spans { scope {…}, span, span }, scope_spans { span } }, resource_spans { scope_spans { span } }
        byte[] span = [0x12, 0x02, 0x08, 0x01];
        byte[] scope1 = [0x0a, 0x00, .. span, .. span, 0x1a, 0x01, 0x78];
        byte[] scope2 = [.. span];
        byte[] resource1 = [0x0a, 0x02, 0x08, 0x01, 0x12, (byte)scope1.Length, .. scope1, 0x12, (byte)scope2.Length, .. scope2];
        byte[] resource2 = [0x12, (byte)scope2.Length, .. scope2, 0x1a, 0x00];
        byte[] request = [0x0a, (byte)resource1.Length, .. resource1, 0x0a, (byte)resource2.Length, .. resource2];

        Assert.Equal(4, OtlpSpanCounter.Count(request));
        Assert.Equal(0, OtlpSpanCounter.Count([]));
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 })]
    [InlineData(new byte[] { 0x0a })]
    [InlineData(new byte[] { 0x0b, 0x00 })]
    [InlineData(new byte[] { 0x00, 0x00 })]
    [InlineData(new byte[] { 0x09, 0x01, 0x02 })]
    public void A_truncated_or_foreign_body_is_a_format_error(byte[] body) =>
        Assert.Throws<FormatException>(() => OtlpSpanCounter.Count(body));
}
