namespace Sightline.Spi.Tracing;

/// <summary>
/// The kind of technology a span talks to, as SkyWalking's span layer: it picks the span kind of Entry and Exit
/// spans (messaging gives Consumer/Producer, everything else Server/Client) and is recorded as the
/// <see cref="SpanTags.Layer"/> tag.
/// </summary>
public enum SpanLayer
{
    /// <summary>Not known or not applicable (most Local spans).</summary>
    Unknown = 0,

    /// <summary>An HTTP request or response.</summary>
    Http = 1,

    /// <summary>A database call (ADO.NET command, ORM query).</summary>
    Database = 2,

    /// <summary>A remote procedure call (gRPC, WCF).</summary>
    Rpc = 3,

    /// <summary>A message sent to or received from a broker or queue.</summary>
    Messaging = 4,

    /// <summary>A cache call (Redis, Memcached).</summary>
    Cache = 5,
}
