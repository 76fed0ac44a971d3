using System.Reflection;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Where wrapped handlers report an exception they threw. Replacements call <see cref="Report"/> with a slot id
/// baked into their IL; the slot holds the patch's callback and the handler method.
/// </summary>
internal static class HandlerFaultSink
{
    private static readonly Lock Gate = new();
    private static (MethodInfo Handler, Action<MethodInfo, Exception> Callback)[] _slots = [];

    public static int Register(MethodInfo handler, Action<MethodInfo, Exception> callback)
    {
        lock (Gate)
        {
            var slots = new (MethodInfo, Action<MethodInfo, Exception>)[_slots.Length + 1];
            _slots.CopyTo(slots, 0);
            slots[^1] = (handler, callback);
            Volatile.Write(ref _slots, slots);
            return slots.Length - 1;
        }
    }

    public static void Report(int slot, Exception exception)
    {
        try
        {
            var (handler, callback) = Volatile.Read(ref _slots)[slot];
            callback(handler, exception);
        }
        catch
        {
            // The callback is the last line of defence; a failure here must not reach the application either.
        }
    }
}
