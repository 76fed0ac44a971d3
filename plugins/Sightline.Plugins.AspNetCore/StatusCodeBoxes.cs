namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// HTTP status codes boxed once each, for the status tag: a span's tags are objects, and boxing the same few codes
/// on every request would allocate for nothing. Filled as codes are met; a lost race only boxes one twice.
/// </summary>
internal static class StatusCodeBoxes
{
    private const int First = 100;
    private static readonly object?[] Boxes = new object?[600 - First];

    /// <summary>The code boxed; codes outside 100-599 are boxed each time.</summary>
    public static object Of(int status)
    {
        var index = status - First;
        if ((uint)index >= (uint)Boxes.Length)
        {
            return status;
        }

        return Boxes[index] ??= status;
    }
}
