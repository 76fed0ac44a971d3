using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sightline.Core.Tests.Interception;

// Each test patches its own methods: patches are process-wide and test classes run in parallel.
public class TypedTarget
{
    public int Calls { get; private set; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Price(int items, string coupon)
    {
        Calls++;
        return items * 10 - coupon.Length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Cached(int key)
    {
        Calls++;
        return key;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Doubled(int value) => value * 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Fails(int value) => value > 0 ? throw new InvalidOperationException("target failed " + value) : value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Greet(string name) => "hello " + name;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Guarded(int value) => value + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Unbindable(int value) => value;
}

public sealed class Built
{
    public Built(string name) => Name = name;

    public string Name { get; }
}

public sealed class Built2
{
    public Built2(int size) => Size = size;

    public int Size { get; }
}

public class AsyncTarget
{
    public Activity? SeenInside { get; private set; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<int> LaterAsync(TaskCompletionSource<int> source)
    {
        SeenInside = Activity.Current;
        return await source.Task.ConfigureAwait(false) + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Task<int> SyncAsync(int value) => Task.FromResult(value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task FaultAsync(TaskCompletionSource source)
    {
        await source.Task.ConfigureAwait(false);
        throw new InvalidOperationException("async failure");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<int> CancelAsync(CancellationToken token)
    {
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public async ValueTask<int> ValueAsync(TaskCompletionSource<int> source) => await source.Task.ConfigureAwait(false);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<int> ReplacedAsync(TaskCompletionSource<int> source) => await source.Task.ConfigureAwait(false);
}

public class UntypedTarget
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Join(string left, int count) => left + ":" + count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Skipped(string value) => "original " + value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Override(int value) => value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Throws() => throw new ArgumentException("bad argument");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<string> LaterAsync(TaskCompletionSource<string> source) => await source.Task.ConfigureAwait(false);
}
