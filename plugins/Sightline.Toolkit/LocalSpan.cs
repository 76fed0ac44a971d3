using System.Runtime.CompilerServices;

namespace Sightline.Toolkit;

/// <summary>
/// A Local span opened by hand: <c>using var span = LocalSpan.Start("price.compute");</c>. Without the agent,
/// <see cref="Start"/> returns one shared inert instance and allocates nothing.
/// </summary>
public sealed class LocalSpan : IDisposable
{
    private static readonly LocalSpan None = new(null);

    // The agent's span, boxed; null without the agent.
    private readonly object? _handle;
    private int _ended;

    private LocalSpan(object? handle) => _handle = handle;

    /// <summary>True when the agent records this span.</summary>
    public bool IsRecording => _handle is not null;

    /// <summary>Opens a Local span under the active span; dispose it to end it.</summary>
    public static LocalSpan Start(string operationName) => Open(operationName) is { } handle ? new LocalSpan(handle) : None;

    /// <summary>Sets a tag.</summary>
    public LocalSpan Tag(string key, string? value)
    {
        if (_handle is not null)
        {
            SetTag(_handle, key, value);
        }

        return this;
    }

    /// <summary>Marks the span as failed and records the exception.</summary>
    public LocalSpan Error(Exception exception)
    {
        if (_handle is not null)
        {
            Fail(_handle, exception);
        }

        return this;
    }

    /// <summary>Ends the span (once).</summary>
    public void Dispose()
    {
        if (_handle is not null && Interlocked.Exchange(ref _ended, 1) == 0)
        {
            Close(_handle);
        }
    }

    // The methods below are the agent's hooks: empty here, intercepted by the toolkit plugin.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object? Open(string operationName) => null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SetTag(object handle, string key, string? value)
    {
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(object handle, Exception exception)
    {
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Close(object handle)
    {
    }
}
