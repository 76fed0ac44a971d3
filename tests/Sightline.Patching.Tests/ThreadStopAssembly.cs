using Iced.Intel;
using Sightline.Patching.Internal.Native;
using static Iced.Intel.AssemblerRegisters;
using static Sightline.Patching.Internal.Native.ThreadStopCode;

namespace Sightline.Patching.Tests;

/// <summary>
/// The readable source of <see cref="ThreadStopCode"/>'s precomputed bytes: the signal handler, the round routine
/// and the syscall thunk, written with Iced's Assembler (what the engine did at start-up until assembling cost too
/// much there). <see cref="ThreadStopCodeTests"/> asserts that the engine's bytes are exactly what this produces; to
/// change the code, change it here and paste the bytes the failing test prints into ThreadStopCode.Code.
/// </summary>
internal static class ThreadStopAssembly
{
    private const int UcontextRipOffset = 168;
    private const int SiginfoValueOffset = 24;
    private const int SysGettid = 186;
    private const int SysFutex = 202;
    private const int FutexWaitPrivate = 128;
    private const int Etimedout = 110;
    private const int SysRtTgsigqueueinfo = 297;
    private const int SysClockGettime = 228;
    private const int SysSchedYield = 24;
    private const int ClockMonotonic = 1;
    private const int FutexWakePrivate = 1 | 128;
    private const int CodeWriteSize = 32;

    /// <summary>
    /// Assembles the three routines to run at <paramref name="address"/> with the control block at
    /// <paramref name="control"/>; returns the bytes and the routines' offsets.
    /// </summary>
    public static (byte[] Code, int Handler, int Round, int Syscall) Assemble(ulong address, long control)
    {
        var asm = new Assembler(64);
        var handler = asm.CreateLabel("handler");
        var round = asm.CreateLabel("round");
        var syscallThunk = asm.CreateLabel("syscall");
        EmitHandler(asm, ref handler, control);
        EmitRound(asm, ref round);
        asm.Label(ref syscallThunk);
        asm.mov(rax, rdi);
        asm.mov(rdi, rsi);
        asm.mov(rsi, rdx);
        asm.mov(rdx, rcx);
        asm.mov(r10, r8);
        asm.syscall();
        asm.ret();

        using var stream = new MemoryStream();
        var result = asm.Assemble(new StreamCodeWriter(stream), address, BlockEncoderOptions.ReturnNewInstructionOffsets);
        return (
            stream.ToArray(),
            (int)(result.GetLabelRIP(handler) - address),
            (int)(result.GetLabelRIP(round) - address),
            (int)(result.GetLabelRIP(syscallThunk) - address));
    }

    // void handler(int sig, siginfo_t* info, ucontext_t* context)
    private static void EmitHandler(Assembler asm, ref Label start, long control)
    {
        var wait = asm.CreateLabel();
        var loop = asm.CreateLabel();
        var sleep = asm.CreateLabel();
        var done = asm.CreateLabel();
        asm.Label(ref start);
        asm.push(rbx);
        asm.push(r12);
        asm.mov(r8, control);
        asm.mov(rax, __qword_ptr[rsi + SiginfoValueOffset]);
        asm.cmp(rax, __qword_ptr[r8 + RoundOffset]);
        asm.jne(done);                                   // a late signal of an earlier round: ignore it
        asm.mov(r12, rax);
        asm.mov(r9, __qword_ptr[rdx + UcontextRipOffset]);
        asm.mov(eax, SysGettid);
        asm.syscall();
        asm.mov(r10, rax);
        asm.mov(ecx, 1);
        asm.@lock.xadd(__dword_ptr[r8 + ArrivedOffset], ecx);
        asm.cmp(ecx, MaxSlots);
        asm.jae(wait);
        asm.shl(rcx, 4);
        asm.mov(__qword_ptr[r8 + rcx + SlotsOffset], r9);
        asm.mov(__qword_ptr[r8 + rcx + SlotsOffset + 8], r10);
        asm.Label(ref wait);
        asm.mov(ebx, r12d);
        asm.shl(ebx, 2);                                 // round << 2 = this round's "released" state
        asm.Label(ref loop);
        asm.mov(eax, __dword_ptr[r8 + StateOffset]);
        asm.lea(ecx, __dword_ptr[rbx + 1]);
        asm.cmp(eax, ecx);
        asm.je(sleep);                                   // stopped
        asm.lea(ecx, __dword_ptr[rbx + 2]);
        asm.cmp(eax, ecx);
        asm.jne(done);                                   // not writing either: released, aborted or a new round
        asm.Label(ref sleep);
        asm.mov(edx, eax);
        asm.mov(rdi, r8);
        asm.mov(esi, FutexWaitPrivate);
        asm.lea(r10, __qword_ptr[r8 + TimeoutOffset]);
        asm.mov(eax, SysFutex);
        asm.syscall();
        asm.cmp(rax, -Etimedout);
        asm.jne(loop);
        asm.lea(eax, __dword_ptr[rbx + 1]);
        asm.lea(ecx, __dword_ptr[rbx + 3]);
        asm.@lock.cmpxchg(__dword_ptr[r8 + StateOffset], ecx); // still stopped after the timeout: abort the round
        asm.jmp(loop);
        asm.Label(ref done);
        asm.pop(r12);
        asm.pop(rbx);
        asm.ret();
    }

    // int round(control* rdi, ThreadStopRound* rsi): one whole stop-check-write round, so the patching thread never
    // returns to managed code (where a pending garbage collection would hold it) while other threads are parked.
    private static void EmitRound(Assembler asm, ref Label start)
    {
        var send = asm.CreateLabel();
        var sent = asm.CreateLabel();
        var wait = asm.CreateLabel();
        var check = asm.CreateLabel();
        var slots = asm.CreateLabel();
        var slot = asm.CreateLabel();
        var write = asm.CreateLabel();
        var nextWrite = asm.CreateLabel();
        var nextSlot = asm.CreateLabel();
        var commit = asm.CreateLabel();
        var copyWrite = asm.CreateLabel();
        var copy = asm.CreateLabel();
        var copied = asm.CreateLabel();
        var copyNext = asm.CreateLabel();
        var release = asm.CreateLabel();
        var aborted = asm.CreateLabel();
        var wake = asm.CreateLabel();
        asm.Label(ref start);
        asm.push(rbx);
        asm.push(rbp);
        asm.push(r12);
        asm.push(r13);
        asm.push(r14);
        asm.push(r15);
        asm.sub(rsp, 24);                                // a timespec for clock_gettime
        asm.mov(r12, rdi);
        asm.mov(r13, rsi);

        // 1. signal every listed thread; count the deliveries (ESRCH: the thread ended since /proc was read)
        asm.xor(ebx, ebx);
        asm.xor(ebp, ebp);
        asm.Label(ref send);
        asm.cmp(rbx, __qword_ptr[r13 + ThreadStopRound.ThreadCountOffset]);
        asm.jae(sent);
        asm.mov(rax, __qword_ptr[r13 + ThreadStopRound.ThreadsOffset]);
        asm.mov(esi, __dword_ptr[rax + rbx * 4]);
        asm.mov(rdi, __qword_ptr[r13 + ThreadStopRound.PidOffset]);
        asm.mov(rdx, __qword_ptr[r13 + ThreadStopRound.SignalOffset]);
        asm.mov(r10, __qword_ptr[r13 + ThreadStopRound.SignalInfoOffset]);
        asm.mov(eax, SysRtTgsigqueueinfo);
        asm.syscall();
        asm.test(rax, rax);
        asm.jnz(asm.@F);
        asm.inc(rbp);
        asm.AnonymousLabel();
        asm.inc(rbx);
        asm.jmp(send);
        asm.Label(ref sent);
        asm.mov(__qword_ptr[r13 + ThreadStopRound.SentOffset], rbp);

        // 2. wait until all have arrived, a handler has aborted the round (its timeout), or the deadline has passed
        asm.xor(r14d, r14d);
        asm.Label(ref wait);
        asm.mov(eax, __dword_ptr[r12 + ArrivedOffset]);
        asm.cmp(rax, rbp);
        asm.jae(check);
        asm.mov(eax, __dword_ptr[r12 + StateOffset]);
        asm.and(eax, 3);
        asm.cmp(eax, 1);
        asm.jne(aborted);
        asm.pause();
        asm.inc(r14d);
        asm.test(r14d, 0xFF);
        asm.jnz(wait);

        // Every 256 spins (a few microseconds) give up the core, then check the deadline: a signalled thread woken onto
        // this core runs its handler only when this one stops running, which a spinning thread did only when its time
        // slice ran out (2-5 ms per stop at start-up, with more runnable threads than cores).
        asm.mov(eax, SysSchedYield);
        asm.syscall();
        asm.mov(eax, SysClockGettime);
        asm.mov(edi, ClockMonotonic);
        asm.mov(rsi, rsp);
        asm.syscall();
        asm.imul(rax, __qword_ptr[rsp], 1_000_000_000);
        asm.add(rax, __qword_ptr[rsp + 8]);
        asm.cmp(rax, __qword_ptr[r13 + ThreadStopRound.DeadlineOffset]);
        asm.jl(wait);
        asm.mov(r15d, ThreadStopRound.NotAllArrived);
        asm.jmp(release);

        // 3. no recorded instruction pointer strictly inside a write
        asm.Label(ref check);
        asm.mov(ecx, __dword_ptr[r12 + ArrivedOffset]);
        asm.cmp(ecx, MaxSlots);
        asm.jbe(slots);
        asm.mov(ecx, MaxSlots);
        asm.Label(ref slots);
        asm.xor(ebx, ebx);
        asm.Label(ref slot);
        asm.cmp(ebx, ecx);
        asm.jae(commit);
        asm.mov(rax, rbx);
        asm.shl(rax, 4);
        asm.mov(r8, __qword_ptr[r12 + rax + SlotsOffset]);
        asm.mov(r9, __qword_ptr[r13 + ThreadStopRound.WritesOffset]);
        asm.mov(r10, __qword_ptr[r13 + ThreadStopRound.WriteCountOffset]);
        asm.Label(ref write);
        asm.test(r10, r10);
        asm.jz(nextSlot);
        asm.mov(r11, __qword_ptr[r9]);
        asm.cmp(r8, r11);
        asm.jle(nextWrite);
        asm.add(r11, __qword_ptr[r9 + 8]);
        asm.cmp(r8, r11);
        asm.jge(nextWrite);
        asm.mov(__qword_ptr[r13 + ThreadStopRound.ConflictSlotOffset], rbx);
        asm.mov(r15d, ThreadStopRound.Conflict);
        asm.jmp(release);
        asm.Label(ref nextWrite);
        asm.add(r9, CodeWriteSize);
        asm.dec(r10);
        asm.jmp(write);
        asm.Label(ref nextSlot);
        asm.inc(ebx);
        asm.jmp(slot);

        // 4. stopped -> writing (fails if a handler aborted meanwhile), copy, released
        asm.Label(ref commit);
        asm.mov(eax, __dword_ptr[r13 + ThreadStopRound.StoppedStateOffset]);
        asm.lea(edx, __dword_ptr[rax + 1]);
        asm.@lock.cmpxchg(__dword_ptr[r12 + StateOffset], edx);
        asm.jne(aborted);
        asm.mov(r9, __qword_ptr[r13 + ThreadStopRound.WritesOffset]);
        asm.mov(r10, __qword_ptr[r13 + ThreadStopRound.WriteCountOffset]);
        asm.Label(ref copyWrite);
        asm.test(r10, r10);
        asm.jz(copied);
        asm.mov(rdi, __qword_ptr[r9]);
        asm.mov(rcx, __qword_ptr[r9 + 8]);
        asm.xor(r11d, r11d);
        asm.Label(ref copy);
        asm.cmp(r11, rcx);
        asm.jae(copyNext);
        asm.mov(al, __byte_ptr[r9 + r11 + 16]);
        asm.mov(__byte_ptr[rdi + r11], al);
        asm.inc(r11);
        asm.jmp(copy);
        asm.Label(ref copyNext);
        asm.add(r9, CodeWriteSize);
        asm.dec(r10);
        asm.jmp(copyWrite);
        asm.Label(ref copied);
        asm.mov(eax, __dword_ptr[r13 + ThreadStopRound.StoppedStateOffset]);
        asm.dec(eax);
        asm.xchg(__dword_ptr[r12 + StateOffset], eax);   // released, with a full fence after the code writes
        asm.mov(r15d, ThreadStopRound.Written);
        asm.jmp(wake);

        asm.Label(ref release);                          // stopped -> released, unless a handler aborted already
        asm.mov(eax, __dword_ptr[r13 + ThreadStopRound.StoppedStateOffset]);
        asm.lea(edx, __dword_ptr[rax - 1]);
        asm.@lock.cmpxchg(__dword_ptr[r12 + StateOffset], edx);
        asm.jmp(wake);
        asm.Label(ref aborted);
        asm.mov(r15d, ThreadStopRound.Aborted);

        // 5. wake every parked thread, whatever the outcome
        asm.Label(ref wake);
        asm.mov(rdi, r12);
        asm.mov(esi, FutexWakePrivate);
        asm.mov(edx, int.MaxValue);
        asm.xor(r10d, r10d);
        asm.mov(eax, SysFutex);
        asm.syscall();
        asm.mov(eax, r15d);
        asm.add(rsp, 24);
        asm.pop(r15);
        asm.pop(r14);
        asm.pop(r13);
        asm.pop(r12);
        asm.pop(rbp);
        asm.pop(rbx);
        asm.ret();
    }
}
