using System.Diagnostics;
using System.Runtime.InteropServices;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.TargetApp;

/// <summary>
/// Writes with every other thread stopped (<see cref="ThreadStop"/>), round after round, in a process that keeps
/// starting threads that each start a garbage collection, beside a hundred idle threads (so signalling everybody takes
/// a while). A thread started after a round listed the threads is not stopped by it; when it begins a collection, the
/// runtime wants every other thread suspended, the patching thread included. The patching thread must finish the
/// round anyway, or every thread it stopped waits out its own timeout: a "stranded" round, 250 ms with the process
/// frozen (before the round became one native routine it happened in ~1 start in 15 of an ASP.NET Core app with the
/// agent, and in most runs of this scenario). A thread that exits before it takes the signal never arrives; the
/// round gives up on it after a short wait and is retried ("late"), which is allowed.
/// Exit code 0 only when every write landed and no round was stranded.
/// </summary>
internal static unsafe class StopRoundScenario
{
    private const int IdleThreads = 100;
    private static volatile bool _stop;

    public static int Run(TextWriter output, int rounds)
    {
        var others = Enumerable.Range(0, IdleThreads).Select(_ => new Thread(Idle) { IsBackground = true }).Append(new Thread(StartCollectingThreads) { IsBackground = true }).ToList();
        others.ForEach(t => t.Start());

        var target = (byte*)NativeMemory.Alloc(CodeWrite.MaxLength);
        var failed = 0;
        var wrong = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            var failure = ThreadStop.Write([new CodeWrite((IntPtr)target, BitConverter.GetBytes((long)i))]);
            if (failure is not null)
            {
                failed++;
                output.WriteLine($"round {i}: {failure}");
            }
            else if (*(long*)target != i)
            {
                wrong++;
            }

            Thread.Sleep(i % 3);
        }

        _stop = true;
        others.ForEach(t => t.Join());
        NativeMemory.Free(target);
        output.WriteLine($"stop-rounds rounds={rounds} failed={failed} wrong={wrong} stranded={ThreadStop.Timeouts} late={ThreadStop.LateRounds} ms={clock.ElapsedMilliseconds}");
        return failed == 0 && wrong == 0 && ThreadStop.Timeouts == 0 ? 0 : 1;
    }

    private static void Idle()
    {
        while (!_stop)
        {
            Thread.Sleep(5);
        }
    }

    private static void StartCollectingThreads()
    {
        while (!_stop)
        {
            var fresh = new Thread(() => GC.Collect(0)) { IsBackground = true };
            fresh.Start();
            fresh.Join();
        }
    }
}
