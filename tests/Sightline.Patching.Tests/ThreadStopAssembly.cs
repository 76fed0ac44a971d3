using Iced.Intel;
using Sightline.Patching.Internal.Native;
using static Iced.Intel.AssemblerRegisters;
using static Sightline.Patching.Internal.Native.ThreadStopCode;

namespace Sightline.Patching.Tests;

/// <summary>
/// The readable source of <see cref="ThreadStopCode"/>'s precomputed bytes: the signal handler, the commit routine
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

    /// <summary>
    /// Assembles the three routines to run at <paramref name="address"/> with the control block at
    /// <paramref name="control"/>; returns the bytes and the routines' offsets.
    /// </summary>
    public static (byte[] Code, int Handler, int Commit, int Syscall) Assemble(ulong address, long control)
    {
        var asm = new Assembler(64);
        var handler = asm.CreateLabel("handler");
        var commit = asm.CreateLabel("commit");
        var syscallThunk = asm.CreateLabel("syscall");
        EmitHandler(asm, ref handler, control);
        EmitCommit(asm, ref commit);
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
            (int)(result.GetLabelRIP(commit) - address),
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

    // int commit(control* rdi, CodeWrite* rsi, int count edx, int stoppedState ecx): 1 when written, 0 when aborted
    private static void EmitCommit(Assembler asm, ref Label start)
    {
        var fail = asm.CreateLabel();
        var next = asm.CreateLabel();
        var copy = asm.CreateLabel();
        var write = asm.CreateLabel();
        var release = asm.CreateLabel();
        asm.Label(ref start);
        asm.mov(eax, ecx);
        asm.lea(r8d, __dword_ptr[rcx + 1]);
        asm.@lock.cmpxchg(__dword_ptr[rdi + StateOffset], r8d);
        asm.jne(fail);
        asm.test(edx, edx);
        asm.jz(release);
        asm.Label(ref write);
        asm.mov(r9, __qword_ptr[rsi]);
        asm.mov(r10, __qword_ptr[rsi + 8]);
        asm.xor(r11d, r11d);
        asm.Label(ref copy);
        asm.cmp(r11, r10);
        asm.jae(next);
        asm.mov(al, __byte_ptr[rsi + r11 + 16]);
        asm.mov(__byte_ptr[r9 + r11], al);
        asm.inc(r11);
        asm.jmp(copy);
        asm.Label(ref next);
        asm.add(rsi, 32);
        asm.dec(edx);
        asm.jnz(write);
        asm.Label(ref release);
        asm.lea(eax, __dword_ptr[rcx - 1]);
        asm.xchg(__dword_ptr[rdi + StateOffset], eax);   // released, with a full fence after the code writes
        asm.mov(eax, 1);
        asm.ret();
        asm.Label(ref fail);
        asm.xor(eax, eax);
        asm.ret();
    }
}
