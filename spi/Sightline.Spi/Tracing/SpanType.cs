namespace Sightline.Spi.Tracing;

/// <summary>SkyWalking's three span types, each mapped onto an <see cref="System.Diagnostics.ActivityKind"/>.</summary>
public enum SpanType
{
    /// <summary>Work inside the process: <see cref="System.Diagnostics.ActivityKind.Internal"/>.</summary>
    Local = 0,

    /// <summary>
    /// Where a request or message enters the process: <see cref="System.Diagnostics.ActivityKind.Server"/>,
    /// or <see cref="System.Diagnostics.ActivityKind.Consumer"/> for <see cref="SpanLayer.Messaging"/>.
    /// </summary>
    Entry = 1,

    /// <summary>
    /// A call leaving the process: <see cref="System.Diagnostics.ActivityKind.Client"/>,
    /// or <see cref="System.Diagnostics.ActivityKind.Producer"/> for <see cref="SpanLayer.Messaging"/>.
    /// </summary>
    Exit = 2,
}
