using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// What the native round routine of <see cref="ThreadStopCode"/> needs for one stop-check-write round, and what it
/// reports back. Its layout is read by machine code: the offsets below are the fields' offsets.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ThreadStopRound
{
    public const int PidOffset = 0;
    public const int ThreadsOffset = 8;
    public const int ThreadCountOffset = 16;
    public const int SignalInfoOffset = 24;
    public const int WritesOffset = 32;
    public const int WriteCountOffset = 40;
    public const int StoppedStateOffset = 48;
    public const int SignalOffset = 56;
    public const int DeadlineOffset = 64;
    public const int SentOffset = 72;
    public const int ConflictSlotOffset = 80;

    /// <summary>Written: every other thread was stopped outside the writes, and the bytes were copied.</summary>
    public const int Written = 1;

    /// <summary>A stopped thread gave up waiting (its timeout) and aborted the round: nothing was written.</summary>
    public const int Aborted = 0;

    /// <summary>Not every signalled thread arrived before <see cref="DeadlineNanoseconds"/>: released, nothing written.</summary>
    public const int NotAllArrived = 2;

    /// <summary>A stopped thread was inside the bytes to replace (<see cref="ConflictSlot"/>): released, nothing written.</summary>
    public const int Conflict = 3;

    public long Pid;
    public int* Threads;
    public long ThreadCount;
    public byte* SignalInfo;
    public CodeWrite* Writes;
    public long WriteCount;
    public long StoppedState;
    public long Signal;

    /// <summary>CLOCK_MONOTONIC, in nanoseconds, after which the round stops waiting for threads to arrive.</summary>
    public long DeadlineNanoseconds;

    /// <summary>Out: how many threads the signal was delivered to.</summary>
    public long Sent;

    /// <summary>Out: the slot of the thread found inside the bytes to replace.</summary>
    public long ConflictSlot;
}
