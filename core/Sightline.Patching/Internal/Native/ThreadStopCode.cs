using System.Buffers.Binary;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// The machine code behind <see cref="ThreadStop"/>, copied at run time into one executable page:
/// - a signal handler: when the signal's value is the current round it records the interrupted instruction pointer
///   (ucontext RIP) and thread id, then sleeps on the round's state word (futex) while the round is "stopped" or
///   "writing". After <see cref="HandlerTimeoutMs"/> in "stopped" it aborts the round itself (CAS stopped → aborted)
///   and returns, so a stopped thread can never be held forever (for example when the patching thread is itself
///   blocked by a garbage collection that waits for the stopped threads);
/// - a commit routine: CAS stopped → writing (fails if a handler aborted), copies every <see cref="CodeWrite"/>,
///   stores "released". It runs without a managed frame, so the garbage collector cannot park the patching thread
///   between the CAS and the release while the other threads wait;
/// - a raw <c>syscall</c> thunk (rt_tgsigqueueinfo, futex, gettid): no libc state, no errno.
/// Only raw system calls are used inside the handler, all async-signal-safe.
/// The bytes are precomputed: assembling them with Iced's Assembler at start-up cost tens of milliseconds (its
/// encoder is large and was JIT-compiled or bound on first use) on the agent's critical path. The readable assembly
/// they come from is the test project's ThreadStopAssembly, and a test asserts that it still produces exactly these
/// bytes, so the two cannot drift apart: change the assembly there, then paste its bytes here. The code is
/// position-independent (relative jumps only); the control block's address is its only immediate.
/// </summary>
internal static unsafe class ThreadStopCode
{
    public const int StateOffset = 0;
    public const int RoundOffset = 8;
    public const int ArrivedOffset = 16;
    public const int TimeoutOffset = 24;
    public const int SlotsOffset = 64;
    public const int SlotSize = 16;
    public const int MaxSlots = 4096;
    public const int ControlSize = SlotsOffset + (MaxSlots * SlotSize);
    public const int HandlerTimeoutMs = 250;

    /// <summary>Where the handler's <c>mov r8, imm64</c> holds the control block's address.</summary>
    public const int ControlImmediateOffset = 5;

    public const int HandlerOffset = 0;
    public const int CommitOffset = 145;
    public const int SyscallOffset = 213;

    /// <summary>The three routines, with a zero control address (see <see cref="ControlImmediateOffset"/>).</summary>
    public static ReadOnlySpan<byte> Code =>
    [
        // handler: void (int sig, siginfo_t* info, ucontext_t* context) (offset 0)
        0x53,                                           //   0: push rbx
        0x41, 0x54,                                     //   1: push r12
        0x49, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0,             //   3: mov r8, imm64                       ; control, patched in at ControlImmediateOffset
        0x48, 0x8B, 0x46, 0x18,                         //  13: mov rax, [rsi+0x18]                 ; siginfo value
        0x49, 0x3B, 0x40, 0x08,                         //  17: cmp rax, [r8+8]
        0x75, 0x76,                                     //  21: jne done                            ; a late signal of an earlier round: ignore it
        0x49, 0x89, 0xC4,                               //  23: mov r12, rax
        0x4C, 0x8B, 0x8A, 0xA8, 0x00, 0x00, 0x00,       //  26: mov r9, [rdx+0xa8]                  ; ucontext RIP
        0xB8, 0xBA, 0x00, 0x00, 0x00,                   //  33: mov eax, 0xba                       ; gettid
        0x0F, 0x05,                                     //  38: syscall
        0x49, 0x89, 0xC2,                               //  40: mov r10, rax
        0xB9, 0x01, 0x00, 0x00, 0x00,                   //  43: mov ecx, 1
        0xF0, 0x41, 0x0F, 0xC1, 0x48, 0x10,             //  48: lock xadd [r8+0x10], ecx            ; arrived++
        0x81, 0xF9, 0x00, 0x10, 0x00, 0x00,             //  54: cmp ecx, 0x1000                     ; MaxSlots
        0x73, 0x0E,                                     //  60: jae wait
        0x48, 0xC1, 0xE1, 0x04,                         //  62: shl rcx, 4
        0x4D, 0x89, 0x4C, 0x08, 0x40,                   //  66: mov [r8+rcx+0x40], r9
        0x4D, 0x89, 0x54, 0x08, 0x48,                   //  71: mov [r8+rcx+0x48], r10
        0x44, 0x89, 0xE3,                               //  76: wait: mov ebx, r12d
        0xC1, 0xE3, 0x02,                               //  79: shl ebx, 2                          ; round << 2 = this round's "released" state
        0x41, 0x8B, 0x00,                               //  82: loop: mov eax, [r8]
        0x8D, 0x4B, 0x01,                               //  85: lea ecx, [rbx+1]
        0x39, 0xC8,                                     //  88: cmp eax, ecx
        0x74, 0x07,                                     //  90: je sleep                            ; stopped
        0x8D, 0x4B, 0x02,                               //  92: lea ecx, [rbx+2]
        0x39, 0xC8,                                     //  95: cmp eax, ecx
        0x75, 0x2A,                                     //  97: jne done                            ; not writing either: released, aborted or a new round
        0x89, 0xC2,                                     //  99: sleep: mov edx, eax
        0x4C, 0x89, 0xC7,                               // 101: mov rdi, r8
        0xBE, 0x80, 0x00, 0x00, 0x00,                   // 104: mov esi, 0x80                       ; FUTEX_WAIT_PRIVATE
        0x4D, 0x8D, 0x50, 0x18,                         // 109: lea r10, [r8+0x18]                  ; the timeout
        0xB8, 0xCA, 0x00, 0x00, 0x00,                   // 113: mov eax, 0xca                       ; futex
        0x0F, 0x05,                                     // 118: syscall
        0x48, 0x3D, 0x92, 0xFF, 0xFF, 0xFF,             // 120: cmp rax, 0xffffffffffffff92         ; -ETIMEDOUT
        0x75, 0xD2,                                     // 126: jne loop
        0x8D, 0x43, 0x01,                               // 128: lea eax, [rbx+1]
        0x8D, 0x4B, 0x03,                               // 131: lea ecx, [rbx+3]
        0xF0, 0x41, 0x0F, 0xB1, 0x08,                   // 134: lock cmpxchg [r8], ecx              ; still stopped after the timeout: abort the round
        0xEB, 0xC5,                                     // 139: jmp loop
        0x41, 0x5C,                                     // 141: done: pop r12
        0x5B,                                           // 143: pop rbx
        0xC3,                                           // 144: ret
        // commit: int (control* rdi, CodeWrite* rsi, int count edx, int stoppedState ecx): 1 when written, 0 when aborted (offset 145)
        0x89, 0xC8,                                     // 145: mov eax, ecx
        0x44, 0x8D, 0x41, 0x01,                         // 147: lea r8d, [rcx+1]
        0xF0, 0x44, 0x0F, 0xB1, 0x07,                   // 151: lock cmpxchg [rdi], r8d             ; stopped -> writing
        0x75, 0x34,                                     // 156: jne fail
        0x85, 0xD2,                                     // 158: test edx, edx
        0x74, 0x25,                                     // 160: je release
        0x4C, 0x8B, 0x0E,                               // 162: write: mov r9, [rsi]
        0x4C, 0x8B, 0x56, 0x08,                         // 165: mov r10, [rsi+8]
        0x45, 0x31, 0xDB,                               // 169: xor r11d, r11d
        0x4D, 0x39, 0xD3,                               // 172: copy: cmp r11, r10
        0x73, 0x0E,                                     // 175: jae next
        0x42, 0x8A, 0x44, 0x1E, 0x10,                   // 177: mov al, [rsi+r11+0x10]
        0x43, 0x88, 0x04, 0x19,                         // 182: mov [r9+r11], al
        0x49, 0xFF, 0xC3,                               // 186: inc r11
        0xEB, 0xED,                                     // 189: jmp copy
        0x48, 0x83, 0xC6, 0x20,                         // 191: next: add rsi, 0x20
        0xFF, 0xCA,                                     // 195: dec edx
        0x75, 0xDB,                                     // 197: jne write
        0x8D, 0x41, 0xFF,                               // 199: release: lea eax, [rcx-1]
        0x87, 0x07,                                     // 202: xchg [rdi], eax                     ; released, with a full fence after the code writes
        0xB8, 0x01, 0x00, 0x00, 0x00,                   // 204: mov eax, 1
        0xC3,                                           // 209: ret
        0x31, 0xC0,                                     // 210: fail: xor eax, eax
        0xC3,                                           // 212: ret
        // syscall: long (long number rdi, long a1 rsi, long a2 rdx, long a3 rcx, long a4 r8) (offset 213)
        0x48, 0x89, 0xF8,                               // 213: mov rax, rdi
        0x48, 0x89, 0xF7,                               // 216: mov rdi, rsi
        0x48, 0x89, 0xD6,                               // 219: mov rsi, rdx
        0x48, 0x89, 0xCA,                               // 222: mov rdx, rcx
        0x4D, 0x89, 0xC2,                               // 225: mov r10, r8
        0x0F, 0x05,                                     // 228: syscall
        0xC3,                                           // 230: ret
    ];

    /// <summary>
    /// Copies the three routines into <paramref name="page"/> (writable), at <see cref="HandlerOffset"/>,
    /// <see cref="CommitOffset"/> and <see cref="SyscallOffset"/>.
    /// </summary>
    public static void Emit(byte* page, int pageSize, byte* control)
    {
        var code = Code;
        if (code.Length > pageSize)
        {
            throw new InvalidOperationException("thread-stop code does not fit one page");
        }

        var target = new Span<byte>(page, code.Length);
        code.CopyTo(target);
        BinaryPrimitives.WriteInt64LittleEndian(target[ControlImmediateOffset..], (long)control);
    }
}
