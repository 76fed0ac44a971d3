using System.Diagnostics;

namespace Sightline.Core.Tracing.Context;

/// <summary>
/// A snapshot continued after its span already stopped (a stopped Activity cannot be made current): spans opened
/// under it take <see cref="Parent"/> as their parent and join <see cref="Segment"/> if it is still open.
/// </summary>
/// <param name="Anchor">The captured span.</param>
/// <param name="Parent">Its context.</param>
/// <param name="Segment">Its segment, if known.</param>
internal sealed record Continuation(Activity Anchor, ActivityContext Parent, SegmentContext? Segment);
