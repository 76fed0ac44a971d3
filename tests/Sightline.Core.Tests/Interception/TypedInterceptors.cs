using System.Diagnostics;
using System.Reflection;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Core.Tests.Interception;

[TypedInterceptor]
public static class PriceInterceptor
{
    public static readonly List<string> Seen = [];

    public static void OnEnter(TypedTarget instance, int items, string arg1, ref long state, MethodBase method)
    {
        state = 42;
        lock (Seen)
        {
            Seen.Add($"enter {method.Name} items={items} coupon={arg1} calls={instance.Calls}");
        }
    }

    public static void OnExit(ref int result, ref long state)
    {
        lock (Seen)
        {
            Seen.Add($"exit result={result} state={state}");
        }

        result += 1000;
    }
}

[TypedInterceptor]
public static class CacheInterceptor
{
    public static bool OnEnter(int key, ref int result)
    {
        if (key < 0)
        {
            result = -1;
            return false;
        }

        return true;
    }
}

[TypedInterceptor]
public static class DoubleArgumentInterceptor
{
    public static void OnEnter(ref int value) => value *= 10;
}

[TypedInterceptor]
public static class FailureInterceptor
{
    public static Exception? Seen { get; private set; }

    public static int Exits { get; private set; }

    public static void OnExit() => Exits++;

    public static void OnException(Exception exception, int value, object instance)
    {
        _ = instance;
        Seen = value > 0 ? exception : null;
    }
}

[TypedInterceptor]
public static class GreetInterceptor
{
    public static void OnExit(string name, ref string result) => result = result.ToUpperInvariant() + " (" + name + ")";
}

[TypedInterceptor]
public static class ConstructorInterceptor
{
    public static string? Name { get; private set; }

    public static void OnExit(Built instance, string name) => Name = instance.Name + "/" + name;
}

[TypedInterceptor]
public static class ThrowingInterceptor
{
    public static int Calls;

    public static void OnEnter() => throw new InvalidOperationException("interceptor bug " + Interlocked.Increment(ref Calls));

    public static void OnExit(ref int result) => result = -999;
}

[TypedInterceptor]
public static class UnbindableInterceptor
{
    public static void OnEnter(int nonsense) => _ = nonsense;
}

[TypedInterceptor]
public static class StateNotByRefInterceptor
{
    public static void OnEnter(ref int state) => state = 1;

    public static void OnExit(int state) => _ = state;
}

[TypedInterceptor]
public static class MixedStateInterceptor
{
    public static void OnEnter(ref int state) => state = 1;

    public static void OnExit(ref long state) => _ = state;
}

[TypedInterceptor]
public static class AsyncSpanInterceptor
{
    public static readonly ActivitySource Source = new("Sightline.Tests.Interception");
    public static readonly List<string> Events = [];

    public static void OnEnter(ref Activity? state)
    {
        state = new Activity("async-call").Start();
    }

    public static void OnExit(int result, ref Activity? state)
    {
        lock (Events)
        {
            Events.Add($"exit {result} {state?.OperationName}");
        }

        state?.Stop();
    }

    public static void OnException(Exception exception, ref Activity? state)
    {
        lock (Events)
        {
            Events.Add($"error {exception.GetType().Name}: {exception.Message}");
        }

        state?.Stop();
    }
}

[TypedInterceptor]
public static class AsyncEventsInterceptor
{
    public static readonly List<string> Events = [];

    public static void OnExit(object? result, MethodBase method)
    {
        lock (Events)
        {
            Events.Add($"{method.Name} exit {result ?? "null"}");
        }
    }

    public static void OnException(Exception exception, MethodBase method)
    {
        lock (Events)
        {
            Events.Add($"{method.Name} error {exception.GetType().Name}");
        }
    }
}

[TypedInterceptor]
public static class AsyncReplaceInterceptor
{
    public static void OnExit(ref int result) => result *= 100;
}
