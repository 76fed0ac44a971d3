using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Writes into code other threads may be running, with every other thread of the process stopped and none of them
/// inside the bytes being replaced. Writing a jump over the first bytes of a running method is unsafe however the
/// store is done: a thread whose instruction pointer is between two of the replaced instructions (preempted
/// mid-prologue, or running through it on another core) resumes in the middle of the new jump and executes the
/// bytes of its address as instructions (the crash this type exists to prevent). So each write:
/// 1. sends a real-time signal to every other thread (<c>/proc/self/task</c>); its handler (<see cref="ThreadStopCode"/>)
///    records where the thread was interrupted and parks it;
/// 2. once all have arrived, checks that no interrupted instruction pointer lies strictly inside a replaced range;
///    if one does, releases everybody and tries again a little later (the thread leaves the prologue quickly);
/// 3. otherwise copies the bytes and releases them. A released thread resumes through the kernel (serializing), so
///    it executes either the old instructions or the whole new jump, never a mix.
/// Steps 1-3 run as one native routine (<see cref="ThreadStopCode"/>'s round, entered without a GC transition): the
/// patching thread does not return to the runtime while others are parked. It did before (its signal calls and its
/// waiting loop went through the runtime), and when a thread the round had not stopped (started after
/// <c>/proc/self/task</c> was read) began a garbage collection, the collection held the patching thread and waited for
/// the parked threads until their timeout (250 ms: about one application start in fifteen stalled that long). A parked
/// thread still gives up after that timeout, so no round can hold the process forever.
/// </summary>
internal static unsafe class ThreadStop
{
    private const int MaxAttempts = 200;
    // Well under the parked threads' own timeout: a signalled thread that never arrives (it was exiting) then costs
    // one short retry, not a stranded round.
    private const long ArrivalTimeoutMs = 50;
    private const int SysClockGettime = 228;
    private const int ClockMonotonic = 1;
    private const int SysGettid = 186;
    private const int SiQueue = -1;
    private const int SaSiginfo = 4;
    private const int SaOnstack = 0x08000000;
    private const int SaRestart = 0x10000000;
    private static readonly Lock Gate = new();
    private static byte* _control;
    private static delegate* unmanaged<long, long, long, long, long, long> _syscall;
    private static delegate* unmanaged[SuppressGCTransition]<byte*, ThreadStopRound*, int> _stopRound;
    private static int _signal;
    private static long _round;
    private static string? _failure;
    private static bool _installed;
    private static long _conflicts;
    private static long _timeouts;
    private static long _lateRounds;

    /// <summary>How many rounds were started, retries included.</summary>
    public static long Rounds => Interlocked.Read(ref _round);

    /// <summary>How many times a write had to wait because a thread was inside the bytes to replace.</summary>
    public static long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>How many rounds a stopped thread ended by giving up on its wait (<see cref="ThreadStopCode.HandlerTimeoutMs"/>).</summary>
    public static long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>How many rounds ended because a signalled thread had not arrived within the arrival timeout.</summary>
    public static long LateRounds => Interlocked.Read(ref _lateRounds);

    /// <summary>Installs the signal handler once; null on success, otherwise why live code cannot be written.</summary>
    public static string? Install()
    {
        lock (Gate)
        {
            if (!_installed && _failure is null)
            {
                _failure = TryInstall();
                _installed = _failure is null;
            }

            return _failure;
        }
    }

    /// <summary>
    /// Performs <paramref name="writes"/> while every other thread is stopped outside them. Returns null on success,
    /// otherwise why nothing was written.
    /// </summary>
    public static string? Write(CodeWrite[] writes)
    {
        var failure = Install();
        if (failure is not null)
        {
            return failure;
        }

        lock (Gate)
        {
            var self = (int)_syscall(SysGettid, 0, 0, 0, 0);
            var pid = Environment.ProcessId;
            string? last = null;
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                // Allocations happen here, before anybody is stopped.
                var threads = OtherThreads(self);
                last = TryOnce(pid, threads, writes);
                if (last is null)
                {
                    return null;
                }

                Thread.Sleep(attempt < 10 ? 0 : 1);
            }

            return $"could not stop the other threads outside the code being patched after {MaxAttempts} attempts: {last}";
        }
    }

    private static string? TryOnce(int pid, int[] threads, CodeWrite[] writes)
    {
        var round = ++_round;
        var stopped = (int)(round << 2) | 1;
        var control = _control;
        Volatile.Write(ref *(int*)(control + ThreadStopCode.StateOffset), stopped);
        Volatile.Write(ref *(int*)(control + ThreadStopCode.ArrivedOffset), 0);
        Volatile.Write(ref *(long*)(control + ThreadStopCode.RoundOffset), round);

        var info = stackalloc byte[128];
        new Span<byte>(info, 128).Clear();
        *(int*)info = _signal;
        *(int*)(info + 8) = SiQueue;
        *(int*)(info + 16) = pid;
        *(long*)(info + 24) = round;
        var now = stackalloc long[2];
        _ = _syscall(SysClockGettime, ClockMonotonic, (long)now, 0, 0);
        fixed (int* tids = threads)
        fixed (CodeWrite* first = writes)
        {
            var request = new ThreadStopRound
            {
                Pid = pid,
                Threads = tids,
                ThreadCount = threads.Length,
                SignalInfo = info,
                Writes = first,
                WriteCount = writes.Length,
                StoppedState = stopped,
                Signal = _signal,
                DeadlineNanoseconds = (now[0] * 1_000_000_000L) + now[1] + (ArrivalTimeoutMs * 1_000_000L),
            };

            // From the first signal to the last wake-up in native code: back in managed code, a garbage collection
            // that another thread began would hold this thread while the ones it parked wait for their timeout.
            switch (_stopRound(control, &request))
            {
                case ThreadStopRound.Written:
                    return null;
                case ThreadStopRound.Conflict:
                    Interlocked.Increment(ref _conflicts);
                    var slot = control + ThreadStopCode.SlotsOffset + (request.ConflictSlot * ThreadStopCode.SlotSize);
                    return $"thread {*(long*)(slot + 8)} was at 0x{*(long*)slot:x}, inside the bytes to replace";
                case ThreadStopRound.NotAllArrived:
                    Interlocked.Increment(ref _lateRounds);
                    return $"{request.Sent - Volatile.Read(ref *(int*)(control + ThreadStopCode.ArrivedOffset))} of {request.Sent} threads did not stop";
                default:
                    Interlocked.Increment(ref _timeouts);
                    return "a stopped thread timed out before the write";
            }
        }
    }

    private static int[] OtherThreads(int self)
    {
        var result = new List<int>();
        foreach (var path in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) && tid != self)
            {
                result.Add(tid);
            }
        }

        return [.. result];
    }

    private static string? TryInstall()
    {
        if (!Libc.TryLoad() || !Libc.TryGetSigaction(out var sigaction))
        {
            return "libc sigaction could not be loaded";
        }

        var control = (byte*)NativeMemory.AlignedAlloc(ThreadStopCode.ControlSize, 64);
        NativeMemory.Clear(control, ThreadStopCode.ControlSize);
        *(long*)(control + ThreadStopCode.TimeoutOffset + 8) = ThreadStopCode.HandlerTimeoutMs * 1_000_000L;
        var page = (byte*)Libc.Mmap(null, 4096, Libc.ProtRead | Libc.ProtWrite, Libc.MapPrivate | Libc.MapAnonymous);
        if (page == (byte*)-1)
        {
            return "no memory for the thread-stop code";
        }

        ThreadStopCode.Emit(page, 4096, control);
        if (Libc.Mprotect(page, 4096, Libc.ProtRead | Libc.ProtExec) != 0)
        {
            return "the thread-stop code could not be made executable";
        }

        // A free real-time signal, from the top: the runtime uses SIGRTMIN for its own thread suspension.
        var action = stackalloc byte[152];
        var old = stackalloc byte[152];
        for (var signal = 64; signal >= 40; signal--)
        {
            new Span<byte>(old, 152).Clear();
            if (sigaction(signal, null, old) != 0 || *(IntPtr*)old != IntPtr.Zero)
            {
                continue;
            }

            new Span<byte>(action, 152).Clear();
            *(IntPtr*)action = (IntPtr)(page + ThreadStopCode.HandlerOffset);
            // Block every signal while parked. Not Span<byte>.Fill: its generic helper is JIT-compiled at start-up.
            Unsafe.InitBlockUnaligned(action + 8, 0xFF, 128);
            *(int*)(action + 136) = SaSiginfo | SaOnstack | SaRestart;
            if (sigaction(signal, action, null) != 0)
            {
                continue;
            }

            _control = control;
            _signal = signal;
            _syscall = (delegate* unmanaged<long, long, long, long, long, long>)(page + ThreadStopCode.SyscallOffset);
            _stopRound = (delegate* unmanaged[SuppressGCTransition]<byte*, ThreadStopRound*, int>)(page + ThreadStopCode.StopRoundOffset);
            return null;
        }

        return "no free real-time signal to stop threads with";
    }
}
