using System.Runtime.CompilerServices;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>Patching a method while other threads call it in a loop.</summary>
public sealed class ConcurrencyTests
{
    private static long _intercepted;
    private static int _zero = Environment.ProcessId < 0 ? 1 : 0;

    [Fact]
    public async Task Patching_while_four_threads_call_the_method_is_safe_and_every_later_call_is_intercepted()
    {
        using var stop = new CancellationTokenSource();
        var applied = 0;
        var afterPatch = new long[4];
        var wrong = 0L;
        var workers = Enumerable.Range(0, 4).Select(n => Task.Factory.StartNew(
            () =>
            {
                var i = 0;
                while (!stop.IsCancellationRequested)
                {
                    var patchedBefore = Volatile.Read(ref applied) == 1;
                    var result = Hot(i);
                    var expected = (i * 2) + 1;
                    if (result != expected && result != expected + 1000)
                    {
                        Interlocked.Increment(ref wrong);
                    }

                    if (patchedBefore)
                    {
                        afterPatch[n]++;
                        if (result != expected + 1000)
                        {
                            Interlocked.Increment(ref wrong);
                        }
                    }

                    i = (i + 1) & 0xFFFF;
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        await Task.Delay(100, TestContext.Current.CancellationToken);
        var interceptedBefore = Interlocked.Read(ref _intercepted);
        Apply(new PatchRequest(typeof(ConcurrencyTests).GetMethod(nameof(Hot))!, "concurrency")
        {
            Postfix = Handler(typeof(ConcurrencyTests), nameof(AddThousand)),
        });
        Volatile.Write(ref applied, 1);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        stop.Cancel();
        await Task.WhenAll(workers);

        Assert.Equal(0, wrong);
        Assert.True(afterPatch.All(c => c > 0));
        Assert.True(Interlocked.Read(ref _intercepted) - interceptedBefore >= afterPatch.Sum());
    }

    // Not a 5-byte body: a caller sitting between the bytes being replaced of a tiny, hot method is the known
    // limit of writing into running code (docs/patching.md, "Known limits").
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Hot(int x) => (x * 2) + 1 + (_zero * ((x ^ 0x1234) + (x >> 3) + (x * 7)));

    private static void AddThousand(ref int __result)
    {
        Interlocked.Increment(ref _intercepted);
        __result += 1000;
    }
}
