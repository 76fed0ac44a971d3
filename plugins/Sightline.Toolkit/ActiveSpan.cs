using System.Runtime.CompilerServices;

namespace Sightline.Toolkit;

/// <summary>
/// The span active on this call path (the request's Entry span, or the innermost span under it). Every method is
/// empty without the agent; the agent's toolkit plugin gives them their effect.
/// </summary>
public static class ActiveSpan
{
    /// <summary>Sets a tag on the active span.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Tag(string key, string? value)
    {
    }

    /// <summary>Records an event (a log line) on the active span.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Log(string message)
    {
    }

    /// <summary>Marks the active span as failed and records the exception.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Error(Exception exception)
    {
    }

    /// <summary>The trace id of the active span (32 hex digits), or an empty string without a trace.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string TraceId() => string.Empty;
}
