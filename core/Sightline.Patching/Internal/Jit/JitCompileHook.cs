using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Internal.Jit;

/// <summary>
/// Hooks ICorJitCompiler::compileMethod (slot 0 of the JIT's vtable) so that every new compiled version of a
/// patched method - tier-1, rejit, TieredPGO instrumented code - gets the jump before the runtime publishes it.
/// The EE's ICorJitInfo::allocMem (slot 0xA0) is swapped too, to learn where the JIT writes the code (under W^X a
/// separate RW buffer that the EE copies to the RX address after compileMethod returns).
/// Why the hook is written the way it is:
/// - everything on the hook path is compiled before the slot is swapped and is AggressiveOptimization (never
///   re-tiered), and it calls no marshalling stubs, so the hook never needs the JIT it is hooking;
/// - depth is thread-static, because the EE can compile other methods on the same thread while one compiles
///   (assembly resolve events run managed code);
/// - errno and the last P/Invoke error are saved and restored: the runtime's caller may read them afterwards.
/// The real compileMethod is always called and its result returned unchanged; post-processing never throws.
/// </summary>
internal static unsafe class JitCompileHook
{
    private const int MinPatchableCodeSize = 16;
    private static readonly Lock Gate = new();
    private static IntPtr _realCompileMethod;
    private static IntPtr _realAllocMem;
    private static IntPtr _jitInfoVtable;
    private static int _foreignJitInfoCompiles;
    private static string? _failure;
    private static bool _installed;
    private static int _allocMemHookClaimed;

    [ThreadStatic]
    private static int _depth;

    [ThreadStatic]
    private static int _captureDepth;

    [ThreadStatic]
    private static IntPtr _hotCode;

    [ThreadStatic]
    private static IntPtr _hotCodeRw;

    [ThreadStatic]
    private static uint _hotCodeSize;

    /// <summary>Compiles of patched targets through an ICorJitInfo other than the one hooked (not captured).</summary>
    public static int ForeignJitInfoCompiles => Volatile.Read(ref _foreignJitInfoCompiles);

    public static bool IsInstalled => Volatile.Read(ref _installed);

    /// <summary>Installs the hook once per process; returns null on success or why it cannot be installed.</summary>
    public static string? Install()
    {
        lock (Gate)
        {
            if (_installed || _failure is not null)
            {
                return _failure;
            }

            _failure = TryInstall();
            return _failure;
        }
    }

    private static string? TryInstall()
    {
        if (!Libc.TryLoad())
        {
            return "libc (mprotect, mmap) could not be loaded";
        }

        var jitPath = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libclrjit.so");
        if (!NativeLibrary.TryLoad(jitPath, out var jitLibrary) && !NativeLibrary.TryLoad("libclrjit.so", out jitLibrary))
        {
            return "libclrjit.so was not found next to the runtime (single-file or statically linked host)";
        }

        if (!NativeLibrary.TryGetExport(jitLibrary, "getJit", out var getJit))
        {
            return "libclrjit.so does not export getJit";
        }

        var jit = ((delegate* unmanaged<IntPtr>)getJit)();
        var vtable = *(IntPtr**)jit;
        Guid version;
        ((delegate* unmanaged<IntPtr, Guid*, void>)vtable[JitInterfaceVersion.GetVersionIdentifierSlot])(jit, &version);
        var refusal = JitInterfaceVersion.Check(version, Environment.Version.Major);
        if (refusal is not null)
        {
            return refusal;
        }

        PrepareHookPath();
        _realCompileMethod = vtable[JitInterfaceVersion.CompileMethodSlot];
        var slot = &vtable[JitInterfaceVersion.CompileMethodSlot];
        MemoryProtection.MakeDataWritable(slot, sizeof(IntPtr));
        Interlocked.Exchange(ref *slot, (IntPtr)(delegate* unmanaged<IntPtr, IntPtr, IntPtr, uint, IntPtr*, uint*, int>)&CompileMethod);
        MemoryProtection.MakeDataReadOnly(slot, sizeof(IntPtr));
        Volatile.Write(ref _installed, true);

        // The allocMem slot is swapped from inside the first compile (only then is an ICorJitInfo at hand):
        // force one now so that is done before any target is registered.
        RuntimeHelpers.PrepareMethod(typeof(JitCompileHook).GetMethod(nameof(WarmUpTarget), BindingFlags)!.MethodHandle);
        return _jitInfoVtable == IntPtr.Zero ? "the JIT hook saw no compilation; allocMem could not be hooked" : null;
    }

    private const System.Reflection.BindingFlags BindingFlags =
        System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WarmUpTarget(int x) => (x * 7) + 3;

    private static void PrepareHookPath()
    {
        // PrepareMethod does not compile UnmanagedCallersOnly methods; calling them once through their native
        // entry does, and they return at once for a null first argument.
        _ = ((delegate* unmanaged<IntPtr, IntPtr, IntPtr, uint, IntPtr*, uint*, int>)&CompileMethod)(IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, 0, null, null);
        ((delegate* unmanaged<IntPtr, AllocMemArgs*, void>)&AllocMem)(IntPtr.Zero, null);
        foreach (var name in new[] { nameof(HookAllocMem), nameof(ReadJitFlags) })
        {
            RuntimeHelpers.PrepareMethod(typeof(JitCompileHook).GetMethod(name, BindingFlags)!.MethodHandle);
        }

        foreach (var method in typeof(MemoryProtection).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Concat(typeof(Libc).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)))
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }

        RuntimeHelpers.PrepareMethod(typeof(TargetRegistry).GetMethod(nameof(TargetRegistry.Lookup))!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(RecompilationPatcher).GetMethod(nameof(RecompilationPatcher.OnCompiled))!.MethodHandle);
        RuntimeHelpers.RunClassConstructor(typeof(TargetRegistry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(RecompilationPatcher).TypeHandle);
        _ = TargetRegistry.Lookup(IntPtr.Zero);
        Marshal.SetLastSystemError(Marshal.GetLastSystemError());
        Marshal.SetLastPInvokeError(Marshal.GetLastPInvokeError());
        _depth = 0;
        _captureDepth = 0;
        _hotCode = IntPtr.Zero;
        _hotCodeRw = IntPtr.Zero;
        _hotCodeSize = 0;
    }

    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompileMethod(IntPtr self, IntPtr jitInfo, IntPtr methodInfo, uint flags, IntPtr* nativeEntry, uint* nativeSize)
    {
        if (self == IntPtr.Zero)
        {
            // Warm-up call from PrepareHookPath: only makes the runtime compile this method before it is hooked.
            return -1;
        }

        var systemError = Marshal.GetLastSystemError();
        var pinvokeError = Marshal.GetLastPInvokeError();
        var depth = ++_depth;
        var savedCaptureDepth = _captureDepth;
        var savedHotCode = _hotCode;
        var savedHotCodeRw = _hotCodeRw;
        var savedHotCodeSize = _hotCodeSize;
        PatchedTarget? target = null;
        try
        {
            var vtable = *(IntPtr**)jitInfo;
            if (_jitInfoVtable == IntPtr.Zero)
            {
                HookAllocMem(vtable);
            }

            // CORINFO_METHOD_INFO starts with ftn, the MethodDesc being compiled.
            target = TargetRegistry.Lookup(*(IntPtr*)methodInfo);
            if (target is not null)
            {
                if ((IntPtr)vtable != _jitInfoVtable)
                {
                    Interlocked.Increment(ref _foreignJitInfoCompiles);
                    target.CountRecompileMissed();
                    target = null;
                }
                else if ((ReadJitFlags(jitInfo, vtable) & (1UL << JitInterfaceVersion.OsrFlagBit)) != 0)
                {
                    target.CountOsrSkipped();
                    target = null;
                }
                else
                {
                    _captureDepth = depth;
                    _hotCode = IntPtr.Zero;
                }
            }
        }
        catch
        {
            target = null;
        }

        var result = ((delegate* unmanaged<IntPtr, IntPtr, IntPtr, uint, IntPtr*, uint*, int>)_realCompileMethod)(
            self, jitInfo, methodInfo, flags, nativeEntry, nativeSize);

        if (target is not null)
        {
            try
            {
                if (result == 0 && _hotCode != IntPtr.Zero)
                {
                    RecompilationPatcher.OnCompiled(target, _hotCode, _hotCodeRw, _hotCodeSize);
                }
                else
                {
                    target.CountRecompileMissed();
                }
            }
            catch
            {
                // Never let a failure escape into the JIT: the method simply stays unpatched in this version.
            }
        }

        _captureDepth = savedCaptureDepth;
        _hotCode = savedHotCode;
        _hotCodeRw = savedHotCodeRw;
        _hotCodeSize = savedHotCodeSize;
        _depth = depth - 1;
        Marshal.SetLastPInvokeError(pinvokeError);
        Marshal.SetLastSystemError(systemError);
        return result;
    }

    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AllocMem(IntPtr jitInfo, AllocMemArgs* args)
    {
        if (jitInfo == IntPtr.Zero)
        {
            return;
        }

        var capture = _captureDepth != 0 && _captureDepth == _depth;
        if (capture && args->HotCodeSize < MinPatchableCodeSize)
        {
            // Tiny optimized bodies (x*3+1 is 6 bytes at tier 1) cannot hold the 12-byte jump: ask for a slightly
            // larger block; the JIT fills what it needs and the rest is ours, so nothing next to it is touched.
            args->HotCodeSize = MinPatchableCodeSize;
        }

        ((delegate* unmanaged<IntPtr, AllocMemArgs*, void>)_realAllocMem)(jitInfo, args);
        if (capture)
        {
            _hotCode = args->HotCodeBlock;
            _hotCodeRw = args->HotCodeBlockRw;
            _hotCodeSize = args->HotCodeSize;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HookAllocMem(IntPtr* vtable)
    {
        // Only the first compile hooks allocMem; a compile this triggers (nested, same thread) must pass through.
        if (Interlocked.CompareExchange(ref _allocMemHookClaimed, 1, 0) != 0)
        {
            return;
        }

        {
            var slot = &vtable[JitInterfaceVersion.AllocMemSlot];
            _realAllocMem = *slot;
            MemoryProtection.MakeDataWritable(slot, sizeof(IntPtr));
            Interlocked.Exchange(ref *slot, (IntPtr)(delegate* unmanaged<IntPtr, AllocMemArgs*, void>)&AllocMem);
            MemoryProtection.MakeDataReadOnly(slot, sizeof(IntPtr));
            Volatile.Write(ref _jitInfoVtable, (IntPtr)vtable);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong ReadJitFlags(IntPtr jitInfo, IntPtr* vtable)
    {
        // CORJIT_FLAGS begins with the 64-bit flag word; the EE copies only as much as it has.
        var buffer = stackalloc ulong[16];
        buffer[0] = 0;
        ((delegate* unmanaged<IntPtr, ulong*, uint, uint>)vtable[JitInterfaceVersion.GetJitFlagsSlot])(jitInfo, buffer, 16 * sizeof(ulong));
        return buffer[0];
    }
}
