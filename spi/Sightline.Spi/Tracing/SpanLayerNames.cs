namespace Sightline.Spi.Tracing;

/// <summary>The tag values of <see cref="SpanLayer"/>, kept as constants so that tagging allocates nothing.</summary>
public static class SpanLayerNames
{
    /// <summary>Returns the tag value of a layer (its enum name).</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>The name, for example <c>Database</c>.</returns>
    public static string Of(SpanLayer layer) => layer switch
    {
        SpanLayer.Http => "Http",
        SpanLayer.Database => "Database",
        SpanLayer.Rpc => "Rpc",
        SpanLayer.Messaging => "Messaging",
        SpanLayer.Cache => "Cache",
        _ => "Unknown",
    };
}
