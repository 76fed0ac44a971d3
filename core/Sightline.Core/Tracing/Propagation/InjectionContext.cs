using System.Diagnostics;
using Sightline.Core.Tracing.Context;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>What an Exit span (or the active context) writes into an outgoing carrier.</summary>
/// <param name="Context">The context the callee's spans become children of.</param>
/// <param name="Activity">The span holding tracestate and baggage, if any.</param>
/// <param name="Segment">The sender's segment (for <c>sw8</c>), if known.</param>
/// <param name="SpanIndex">The Exit span's index within its segment (<c>sw8</c>'s parent span id).</param>
/// <param name="Peer">The address the caller used for the callee, as <c>host:port</c>.</param>
public readonly record struct InjectionContext(ActivityContext Context, Activity? Activity, SegmentContext? Segment, int SpanIndex, string? Peer);
