using System.Buffers.Binary;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// The machine code behind <see cref="ThreadStop"/>, copied at run time into one executable page:
/// - a signal handler: when the signal's value is the current round it records the interrupted instruction pointer
///   (ucontext RIP) and thread id, then sleeps on the round's state word (futex) while the round is "stopped" or
///   "writing". After <see cref="HandlerTimeoutMs"/> in "stopped" it aborts the round itself (CAS stopped → aborted)
///   and returns, so a stopped thread can never be held forever (for example when the patching thread is itself
///   blocked by a garbage collection that waits for the stopped threads);
/// - a stop round (<see cref="ThreadStopRound"/>): signals every listed thread, waits until all have arrived (or a
///   handler aborted, or the deadline passed; it spins, and yields its core every 256 spins so that a signalled thread
///   waiting for that core can run its handler), checks no recorded instruction pointer is strictly inside a write,
///   CASes stopped → writing (fails if a handler aborted), copies every <see cref="CodeWrite"/>, stores "released"
///   and wakes the parked threads. The patching thread enters it without a GC transition and stays in it from the
///   first signal to the wake-up, so a garbage collection cannot hold it while the other threads wait;
/// - a raw <c>syscall</c> thunk (gettid, clock_gettime): no libc state, no errno.
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
    public const int StopRoundOffset = 145;
    public const int SyscallOffset = 554;

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
        // stop round: int (control* rdi, ThreadStopRound* rsi): a ThreadStopRound result code (offset 145)
        0x53,                                           // 145: push rbx
        0x55,                                           // 146: push rbp
        0x41, 0x54,                                     // 147: push r12
        0x41, 0x55,                                     // 149: push r13
        0x41, 0x56,                                     // 151: push r14
        0x41, 0x57,                                     // 153: push r15
        0x48, 0x83, 0xEC, 0x18,                         // 155: sub rsp, 0x18
        0x49, 0x89, 0xFC,                               // 159: mov r12, rdi
        0x49, 0x89, 0xF5,                               // 162: mov r13, rsi
        // 1. signal every listed thread; count the deliveries
        0x31, 0xDB,                                     // 165: xor ebx, ebx
        0x31, 0xED,                                     // 167: xor ebp, ebp
        0x49, 0x3B, 0x5D, 0x10,                         // 169: cmp rbx, [r13+0x10]
        0x73, 0x27,                                     // 173: jae 214
        0x49, 0x8B, 0x45, 0x08,                         // 175: mov rax, [r13+8]
        0x8B, 0x34, 0x98,                               // 179: mov esi, [rax+rbx*4]
        0x49, 0x8B, 0x7D, 0x00,                         // 182: mov rdi, [r13]
        0x49, 0x8B, 0x55, 0x38,                         // 186: mov rdx, [r13+0x38]
        0x4D, 0x8B, 0x55, 0x18,                         // 190: mov r10, [r13+0x18]
        0xB8, 0x29, 0x01, 0x00, 0x00,                   // 194: mov eax, 0x129                      ; rt_tgsigqueueinfo
        0x0F, 0x05,                                     // 199: syscall
        0x48, 0x85, 0xC0,                               // 201: test rax, rax
        0x75, 0x03,                                     // 204: jne 209
        0x48, 0xFF, 0xC5,                               // 206: inc rbp
        0x48, 0xFF, 0xC3,                               // 209: inc rbx
        0xEB, 0xD3,                                     // 212: jmp 169
        // 2. wait until all arrived, a handler aborted the round (its timeout) or the deadline passed
        0x49, 0x89, 0x6D, 0x48,                         // 214: mov [r13+0x48], rbp
        0x45, 0x31, 0xF6,                               // 218: xor r14d, r14d
        0x41, 0x8B, 0x44, 0x24, 0x10,                   // 221: mov eax, [r12+0x10]
        0x48, 0x39, 0xE8,                               // 226: cmp rax, rbp
        0x73, 0x56,                                     // 229: jae 317                             ; all arrived
        0x41, 0x8B, 0x04, 0x24,                         // 231: mov eax, [r12]
        0x25, 0x03, 0x00, 0x00, 0x00,                   // 235: and eax, 3
        0x3D, 0x01, 0x00, 0x00, 0x00,                   // 240: cmp eax, 1
        0x0F, 0x85, 0x00, 0x01, 0x00, 0x00,             // 245: jne 507
        0xF3, 0x90,                                     // 251: pause
        0x41, 0xFF, 0xC6,                               // 253: inc r14d
        0x41, 0xF7, 0xC6, 0xFF, 0x00, 0x00, 0x00,       // 256: test r14d, 0xff
        0x75, 0xD4,                                     // 263: jne 221
        0xB8, 0x18, 0x00, 0x00, 0x00,                   // 265: mov eax, 0x18                       ; sched_yield, every 256 spins
        0x0F, 0x05,                                     // 270: syscall
        0xB8, 0xE4, 0x00, 0x00, 0x00,                   // 272: mov eax, 0xe4                       ; clock_gettime
        0xBF, 0x01, 0x00, 0x00, 0x00,                   // 277: mov edi, 1                          ; CLOCK_MONOTONIC
        0x48, 0x89, 0xE6,                               // 282: mov rsi, rsp
        0x0F, 0x05,                                     // 285: syscall
        0x48, 0x69, 0x04, 0x24, 0x00, 0xCA, 0x9A, 0x3B, // 287: imul rax, [rsp], 0x3b9aca00         ; the deadline, after each yield
        0x48, 0x03, 0x44, 0x24, 0x08,                   // 295: add rax, [rsp+8]
        0x49, 0x3B, 0x45, 0x40,                         // 300: cmp rax, [r13+0x40]
        0x7C, 0xAB,                                     // 304: jl 221
        0x41, 0xBF, 0x02, 0x00, 0x00, 0x00,             // 306: mov r15d, 2
        0xE9, 0xAF, 0x00, 0x00, 0x00,                   // 312: jmp 492
        // 3. no recorded instruction pointer strictly inside a write
        0x41, 0x8B, 0x4C, 0x24, 0x10,                   // 317: mov ecx, [r12+0x10]
        0x81, 0xF9, 0x00, 0x10, 0x00, 0x00,             // 322: cmp ecx, 0x1000
        0x76, 0x05,                                     // 328: jbe 335
        0xB9, 0x00, 0x10, 0x00, 0x00,                   // 330: mov ecx, 0x1000
        0x31, 0xDB,                                     // 335: xor ebx, ebx
        0x39, 0xCB,                                     // 337: cmp ebx, ecx
        0x73, 0x43,                                     // 339: jae 408
        0x48, 0x89, 0xD8,                               // 341: mov rax, rbx
        0x48, 0xC1, 0xE0, 0x04,                         // 344: shl rax, 4
        0x4D, 0x8B, 0x44, 0x04, 0x40,                   // 348: mov r8, [r12+rax+0x40]
        0x4D, 0x8B, 0x4D, 0x20,                         // 353: mov r9, [r13+0x20]
        0x4D, 0x8B, 0x55, 0x28,                         // 357: mov r10, [r13+0x28]
        0x4D, 0x85, 0xD2,                               // 361: test r10, r10
        0x74, 0x26,                                     // 364: je 404
        0x4D, 0x8B, 0x19,                               // 366: mov r11, [r9]
        0x4D, 0x39, 0xD8,                               // 369: cmp r8, r11
        0x7E, 0x15,                                     // 372: jle 395
        0x4D, 0x03, 0x59, 0x08,                         // 374: add r11, [r9+8]
        0x4D, 0x39, 0xD8,                               // 378: cmp r8, r11
        0x7D, 0x0C,                                     // 381: jge 395
        0x49, 0x89, 0x5D, 0x50,                         // 383: mov [r13+0x50], rbx
        0x41, 0xBF, 0x03, 0x00, 0x00, 0x00,             // 387: mov r15d, 3
        0xEB, 0x61,                                     // 393: jmp 492
        0x49, 0x83, 0xC1, 0x20,                         // 395: add r9, 0x20
        0x49, 0xFF, 0xCA,                               // 399: dec r10
        0xEB, 0xD5,                                     // 402: jmp 361
        0xFF, 0xC3,                                     // 404: inc ebx
        0xEB, 0xB9,                                     // 406: jmp 337
        // 4. stopped -> writing (fails if a handler aborted meanwhile), copy, released
        0x41, 0x8B, 0x45, 0x30,                         // 408: mov eax, [r13+0x30]
        0x8D, 0x50, 0x01,                               // 412: lea edx, [rax+1]
        0xF0, 0x41, 0x0F, 0xB1, 0x14, 0x24,             // 415: lock cmpxchg [r12], edx
        0x75, 0x54,                                     // 421: jne 507
        0x4D, 0x8B, 0x4D, 0x20,                         // 423: mov r9, [r13+0x20]
        0x4D, 0x8B, 0x55, 0x28,                         // 427: mov r10, [r13+0x28]
        0x4D, 0x85, 0xD2,                               // 431: test r10, r10
        0x74, 0x26,                                     // 434: je 474
        0x49, 0x8B, 0x39,                               // 436: mov rdi, [r9]
        0x49, 0x8B, 0x49, 0x08,                         // 439: mov rcx, [r9+8]
        0x45, 0x31, 0xDB,                               // 443: xor r11d, r11d
        0x49, 0x39, 0xCB,                               // 446: cmp r11, rcx
        0x73, 0x0E,                                     // 449: jae 465
        0x43, 0x8A, 0x44, 0x19, 0x10,                   // 451: mov al, [r9+r11+0x10]
        0x42, 0x88, 0x04, 0x1F,                         // 456: mov [rdi+r11], al
        0x49, 0xFF, 0xC3,                               // 460: inc r11
        0xEB, 0xED,                                     // 463: jmp 446
        0x49, 0x83, 0xC1, 0x20,                         // 465: add r9, 0x20
        0x49, 0xFF, 0xCA,                               // 469: dec r10
        0xEB, 0xD5,                                     // 472: jmp 431
        0x41, 0x8B, 0x45, 0x30,                         // 474: mov eax, [r13+0x30]
        0xFF, 0xC8,                                     // 478: dec eax
        0x41, 0x87, 0x04, 0x24,                         // 480: xchg [r12], eax                     ; released, with a full fence after the code writes
        0x41, 0xBF, 0x01, 0x00, 0x00, 0x00,             // 484: mov r15d, 1
        0xEB, 0x15,                                     // 490: jmp 513
        // not all arrived, or a conflict: stopped -> released, unless a handler aborted already
        0x41, 0x8B, 0x45, 0x30,                         // 492: mov eax, [r13+0x30]
        0x8D, 0x50, 0xFF,                               // 496: lea edx, [rax-1]
        0xF0, 0x41, 0x0F, 0xB1, 0x14, 0x24,             // 499: lock cmpxchg [r12], edx
        0xEB, 0x06,                                     // 505: jmp 513
        // aborted by a handler
        0x41, 0xBF, 0x00, 0x00, 0x00, 0x00,             // 507: mov r15d, 0
        // 5. wake every parked thread, whatever the outcome
        0x4C, 0x89, 0xE7,                               // 513: mov rdi, r12
        0xBE, 0x81, 0x00, 0x00, 0x00,                   // 516: mov esi, 0x81                       ; FUTEX_WAKE_PRIVATE
        0xBA, 0xFF, 0xFF, 0xFF, 0x7F,                   // 521: mov edx, 0x7fffffff
        0x45, 0x31, 0xD2,                               // 526: xor r10d, r10d
        0xB8, 0xCA, 0x00, 0x00, 0x00,                   // 529: mov eax, 0xca                       ; futex
        0x0F, 0x05,                                     // 534: syscall
        0x44, 0x89, 0xF8,                               // 536: mov eax, r15d
        0x48, 0x83, 0xC4, 0x18,                         // 539: add rsp, 0x18
        0x41, 0x5F,                                     // 543: pop r15
        0x41, 0x5E,                                     // 545: pop r14
        0x41, 0x5D,                                     // 547: pop r13
        0x41, 0x5C,                                     // 549: pop r12
        0x5D,                                           // 551: pop rbp
        0x5B,                                           // 552: pop rbx
        0xC3,                                           // 553: ret
        // syscall: long (long number rdi, long a1 rsi, long a2 rdx, long a3 rcx, long a4 r8) (offset 554)
        0x48, 0x89, 0xF8,                               // 554: mov rax, rdi
        0x48, 0x89, 0xF7,                               // 557: mov rdi, rsi
        0x48, 0x89, 0xD6,                               // 560: mov rsi, rdx
        0x48, 0x89, 0xCA,                               // 563: mov rdx, rcx
        0x4D, 0x89, 0xC2,                               // 566: mov r10, r8
        0x0F, 0x05,                                     // 569: syscall
        0xC3,                                           // 571: ret
    ];

    /// <summary>
    /// Copies the three routines into <paramref name="page"/> (writable), at <see cref="HandlerOffset"/>,
    /// <see cref="StopRoundOffset"/> and <see cref="SyscallOffset"/>.
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
