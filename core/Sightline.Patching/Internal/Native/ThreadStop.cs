using System.Diagnostics;
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
/// The patching thread does not touch the runtime while the others are parked (no allocation, no locks), and the
/// commit runs in native code; a parked thread gives up after a timeout, so a garbage collection that wants the
/// patching thread while others are parked only delays a write, it cannot deadlock.
/// </summary>
internal static unsafe class ThreadStop
{
    private const int MaxAttempts = 200;
    private const long ArrivalTimeoutMs = 2_000;
    private const int SysRtTgsigqueueinfo = 297;
    private const int SysFutex = 202;
    private const int SysGettid = 186;
    private const int FutexWakePrivate = 1 | 128;
    private const int SiQueue = -1;
    private const int SaSiginfo = 4;
    private const int SaOnstack = 0x08000000;
    private const int SaRestart = 0x10000000;
    private static readonly Lock Gate = new();
    private static byte* _control;
    private static delegate* unmanaged<long, long, long, long, long, long> _syscall;
    private static delegate* unmanaged[SuppressGCTransition]<byte*, CodeWrite*, int, int, int> _commit;
    private static int _signal;
    private static long _round;
    private static string? _failure;
    private static bool _installed;
    private static long _conflicts;

    /// <summary>How many times a write had to wait because a thread was inside the bytes to replace.</summary>
    public static long Conflicts => Interlocked.Read(ref _conflicts);

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
        var sent = 0;
        foreach (var tid in threads)
        {
            // ESRCH: the thread ended since /proc was read.
            if (_syscall(SysRtTgsigqueueinfo, pid, tid, _signal, (long)info) == 0)
            {
                sent++;
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (ArrivalTimeoutMs * Stopwatch.Frequency / 1000);
        var spin = default(SpinWait);
        while (Volatile.Read(ref *(int*)(control + ThreadStopCode.ArrivedOffset)) < sent)
        {
            if (Stopwatch.GetTimestamp() > deadline || (Volatile.Read(ref *(int*)control) & 3) != 1)
            {
                Release(control, stopped);
                return $"{sent - Volatile.Read(ref *(int*)(control + ThreadStopCode.ArrivedOffset))} of {sent} threads did not stop";
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        var arrived = Math.Min(Volatile.Read(ref *(int*)(control + ThreadStopCode.ArrivedOffset)), ThreadStopCode.MaxSlots);
        for (var i = 0; i < arrived; i++)
        {
            var ip = *(long*)(control + ThreadStopCode.SlotsOffset + (i * ThreadStopCode.SlotSize));
            for (var w = 0; w < writes.Length; w++)
            {
                if (writes[w].Splits(ip))
                {
                    Interlocked.Increment(ref _conflicts);
                    Release(control, stopped);
                    return $"thread {*(long*)(control + ThreadStopCode.SlotsOffset + (i * ThreadStopCode.SlotSize) + 8)} was at 0x{ip:x}, inside the bytes to replace";
                }
            }
        }

        fixed (CodeWrite* first = writes)
        {
            var committed = _commit(control, first, writes.Length, stopped);
            Wake(control);
            return committed == 1 ? null : "a stopped thread timed out before the write";
        }
    }

    private static void Release(byte* control, int stopped)
    {
        Interlocked.CompareExchange(ref *(int*)(control + ThreadStopCode.StateOffset), stopped - 1, stopped);
        Wake(control);
    }

    private static void Wake(byte* control) =>
        _ = _syscall(SysFutex, (long)(control + ThreadStopCode.StateOffset), FutexWakePrivate, int.MaxValue, 0);

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
            _commit = (delegate* unmanaged[SuppressGCTransition]<byte*, CodeWrite*, int, int, int>)(page + ThreadStopCode.CommitOffset);
            return null;
        }

        return "no free real-time signal to stop threads with";
    }
}
