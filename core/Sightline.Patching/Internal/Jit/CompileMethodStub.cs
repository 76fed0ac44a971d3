using System.Runtime.InteropServices;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Internal.Jit;

/// <summary>
/// The machine code that replaces ICorJitCompiler::compileMethod: it stores (ICorJitInfo*, info->ftn) in the slot
/// <c>(jitInfo >> 4) &amp; mask</c> of a native table - the MethodDesc first, then the key, so a reader that sees the
/// key sees its MethodDesc - and tail-jumps to the real compileMethod. It leaves no frame on the stack, so
/// exceptions the EE throws through the JIT unwind exactly as without the hook. Uses only rax, r10 and r11,
/// which are scratch at a SysV call boundary.
/// </summary>
internal static unsafe class CompileMethodStub
{
    /// <summary>Creates the noting stub; zero when no executable memory could be had.</summary>
    public static IntPtr Create(long* table, int mask, IntPtr realCompileMethod)
    {
        byte[] code =
        [
            0x48, 0x8B, 0x02,                               // mov rax, [rdx]        ; info->ftn
            0x49, 0x89, 0xF2,                               // mov r10, rsi          ; jitInfo
            0x49, 0xC1, 0xEA, 0x04,                         // shr r10, 4
            0x41, 0x81, 0xE2, 0, 0, 0, 0,                   // and r10d, mask
            0x49, 0xC1, 0xE2, 0x04,                         // shl r10, 4            ; 16-byte slots
            0x49, 0xBB, 0, 0, 0, 0, 0, 0, 0, 0,             // mov r11, table
            0x4D, 0x01, 0xDA,                               // add r10, r11
            0x49, 0x89, 0x42, 0x08,                         // mov [r10+8], rax      ; MethodDesc first
            0x49, 0x89, 0x32,                               // mov [r10], rsi        ; then the key
            0xFF, 0x25, 0x00, 0x00, 0x00, 0x00,             // jmp [rip+0]
            0, 0, 0, 0, 0, 0, 0, 0,                         // real compileMethod
        ];
        BitConverter.TryWriteBytes(code.AsSpan(13), mask);
        BitConverter.TryWriteBytes(code.AsSpan(23), (long)table);
        BitConverter.TryWriteBytes(code.AsSpan(code.Length - 8), (long)realCompileMethod);
        return Emit(code);
    }

    /// <summary>
    /// The machine code that finds the EE's ICorJitInfo vtable: it stores <c>*jitInfo</c> at
    /// <paramref name="vtableOut"/> and tail-jumps to the real compileMethod. Native, so capturing needs no managed
    /// code (which might itself need the JIT, or a marshalling stub the JIT compiles, while compiles go through it).
    /// </summary>
    public static IntPtr CreateCapture(IntPtr* vtableOut, IntPtr realCompileMethod)
    {
        byte[] code =
        [
            0x48, 0x8B, 0x06,                               // mov rax, [rsi]        ; jitInfo's vtable
            0x49, 0xBB, 0, 0, 0, 0, 0, 0, 0, 0,             // mov r11, vtableOut
            0x49, 0x89, 0x03,                               // mov [r11], rax
            0xFF, 0x25, 0x00, 0x00, 0x00, 0x00,             // jmp [rip+0]
            0, 0, 0, 0, 0, 0, 0, 0,                         // real compileMethod
        ];
        BitConverter.TryWriteBytes(code.AsSpan(5), (long)vtableOut);
        BitConverter.TryWriteBytes(code.AsSpan(code.Length - 8), (long)realCompileMethod);
        return Emit(code);
    }

    private static IntPtr Emit(byte[] code)
    {
        var page = Libc.Mmap(null, 4096, Libc.ProtRead | Libc.ProtWrite, Libc.MapPrivate | Libc.MapAnonymous);
        if (page == (void*)-1)
        {
            return IntPtr.Zero;
        }

        // Not byte[].CopyTo(Span<byte>): that generic method is JIT-compiled at start-up (ReadyToRun cannot hold it).
        Marshal.Copy(code, 0, (IntPtr)page, code.Length);
        return Libc.Mprotect(page, 4096, Libc.ProtRead | Libc.ProtExec) == 0 ? (IntPtr)page : IntPtr.Zero;
    }
}
