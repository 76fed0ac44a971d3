namespace Sightline.Spi.Tracing.Internal;

/// <summary>
/// Small non-negative integers boxed once each, for int tags: a span's tags are objects, and boxing the same status
/// codes, ports and counts on every span would allocate for nothing. Filled as values are met; a lost race only boxes
/// one twice.
/// </summary>
internal static class BoxedInts
{
    private static readonly object?[] Boxes = new object?[1024];

    /// <summary>The value boxed; values outside 0-1023 are boxed each time.</summary>
    public static object Of(int value) => (uint)value < (uint)Boxes.Length ? Boxes[value] ??= value : value;
}
