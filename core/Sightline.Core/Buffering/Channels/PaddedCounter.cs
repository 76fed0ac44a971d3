using System.Runtime.InteropServices;

namespace Sightline.Core.Buffering.Channels;

/// <summary>A long alone on its cache line, so producers and the consumer do not invalidate each other's index.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCounter
{
    [FieldOffset(64)]
    public long Value;
}
