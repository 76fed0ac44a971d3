using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Internal.Jit;

/// <summary>
/// Makes every new compiled version of a patched method - tier-1, rejit, TieredPGO instrumented code - start with
/// the jump before the runtime publishes it. Three vtable slots are replaced:
/// - ICorJitCompiler::compileMethod (slot 0 of the JIT's vtable) with a few bytes of machine code that note which
///   MethodDesc this ICorJitInfo compiles (CORINFO_METHOD_INFO::ftn) in a small native table and tail-jump to the
///   real JIT. No managed frame sits under the JIT: the EE throws C++ exceptions through compileMethod (a type that
///   fails to load while a method is compiled), and on Unix such an exception unwinding into a managed frame
///   terminates the process - which a managed compileMethod hook did, and this design does not;
/// - ICorJitInfo::allocMem (0xA0 of the EE's vtable): for a registered method, asks for at least 16 bytes (tiny
///   tier-1 bodies still hold the 12-byte jump) and notes where the JIT writes the code (under W^X a separate RW
///   buffer the EE copies to the executable address after compileMethod returns);
/// - ICorJitInfo::allocGCInfo (0xA3): the JIT calls it once the code is emitted; the jump is written then.
/// OSR versions are skipped: they are entered mid-method, never at their start. Everything on the hook path is
/// compiled (or, precompiled, bound) before the slots are swapped, and the hook's own methods are
/// AggressiveOptimization (never ReadyToRun, never re-tiered); a compile the hook path still starts on its own thread
/// is forwarded untouched, so it cannot recurse. The real functions are always called and their results returned
/// unchanged; post-processing never throws.
/// </summary>
internal static unsafe class JitCompileHook
{
    private const int MinPatchableCodeSize = 16;
    private const int AllocGcInfoSlot = 0xA3;
    private const int CompilingSlots = 1024;
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Static;
    private static readonly Lock Gate = new();
    private static IntPtr _realCompileMethod;
    private static IntPtr _realAllocMem;
    private static IntPtr _realAllocGcInfo;
    private static long* _compiling;
    private static string? _failure;
    private static bool _installed;

    [ThreadStatic]
    private static bool _inHook;

    [ThreadStatic]
    private static IntPtr _pendingJitInfo;

    [ThreadStatic]
    private static PatchedTarget? _pendingTarget;

    [ThreadStatic]
    private static IntPtr _pendingCode;

    [ThreadStatic]
    private static IntPtr _pendingCodeRw;

    [ThreadStatic]
    private static uint _pendingCodeSize;

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
        _compiling = (long*)NativeMemory.AlignedAlloc(CompilingSlots * 16, 16);
        NativeMemory.Clear(_compiling, CompilingSlots * 16);
        _realCompileMethod = vtable[JitInterfaceVersion.CompileMethodSlot];

        // Everything that may need the JIT (the stub's byte copies, the probe's IL) happens before the first slot
        // changes: a compile started from inside the hook path while the allocMem hook is in place would recurse.
        var stub = CompileMethodStub.Create(_compiling, CompilingSlots - 1, _realCompileMethod);
        if (stub == IntPtr.Zero)
        {
            return "no executable memory for the compileMethod stub";
        }

        var capturedVtable = (IntPtr*)NativeMemory.AllocZeroed((nuint)sizeof(IntPtr));
        var capture = CompileMethodStub.CreateCapture(capturedVtable, _realCompileMethod);
        if (capture == IntPtr.Zero)
        {
            return "no executable memory for the compileMethod stub";
        }

        var probe = CreateProbe();

        // The EE's ICorJitInfo vtable is only reachable during a compile: route one compile through the capturing
        // stub, then put the noting stub in at once (a window of one compile). The probe is a DynamicMethod, always
        // JIT-compiled: a method of this assembly may be precompiled (ReadyToRun) and never reach the JIT.
        var compileSlot = &vtable[JitInterfaceVersion.CompileMethodSlot];
        SwapSlot(compileSlot, capture);
        _ = probe(1);
        var jitInfoVtable = (IntPtr*)Volatile.Read(ref *capturedVtable);
        SwapSlot(compileSlot, jitInfoVtable == null ? _realCompileMethod : stub);
        if (jitInfoVtable == null)
        {
            return "the JIT hook saw no compilation; the ICorJitInfo vtable could not be found";
        }

        // allocGCInfo first: without the allocMem hook it finds nothing pending and only forwards.
        _realAllocMem = jitInfoVtable[JitInterfaceVersion.AllocMemSlot];
        _realAllocGcInfo = jitInfoVtable[AllocGcInfoSlot];
        SwapSlot(&jitInfoVtable[AllocGcInfoSlot], (IntPtr)(delegate* unmanaged<IntPtr, nuint, IntPtr>)&AllocGcInfo);
        SwapSlot(&jitInfoVtable[JitInterfaceVersion.AllocMemSlot], (IntPtr)(delegate* unmanaged<IntPtr, AllocMemArgs*, void>)&AllocMem);
        Volatile.Write(ref _installed, true);
        return null;
    }

    /// <summary>A method that is certainly compiled by the JIT when first called (never precompiled).</summary>
    private static Func<int, int> CreateProbe()
    {
        var method = new DynamicMethod("Sightline.JitHookProbe", typeof(int), [typeof(int)], typeof(JitCompileHook).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_7);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Ldc_I4_3);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<int, int>>();
    }

    private static void SwapSlot(IntPtr* slot, IntPtr value)
    {
        MemoryProtection.MakeDataWritable(slot, sizeof(IntPtr));
        Interlocked.Exchange(ref *slot, value);
        MemoryProtection.MakeDataReadOnly(slot, sizeof(IntPtr));
    }

    // Not AggressiveOptimization itself (then it would be JIT-compiled fully optimized on the install's critical
    // path, reflection loops and all): only the unmanaged calls below need JIT-compiled code.
    private static void PrepareHookPath()
    {
        PrepareUnmanagedEntries();
        foreach (var name in new[] { nameof(ReadJitFlags), nameof(CompilingMethod) })
        {
            RuntimeHelpers.PrepareMethod(typeof(JitCompileHook).GetMethod(name, Private)!.MethodHandle);
        }

        foreach (var method in typeof(MemoryProtection).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(Libc).GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Concat(typeof(JumpWriter).GetMethods(BindingFlags.Public | BindingFlags.Static)))
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }

        // The hook's callees outside this class: compiled or, when precompiled, bound to their code now.
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in new[] { typeof(TargetRegistry), typeof(PatchedTarget), typeof(RecompilationPatcher) }
            .Concat(typeof(TargetRegistry).GetNestedTypes(BindingFlags.NonPublic)))
        {
            foreach (var method in type.GetMethods(Declared).Where(m => !m.IsAbstract && !m.ContainsGenericParameters))
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }

        RuntimeHelpers.RunClassConstructor(typeof(TargetRegistry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(RecompilationPatcher).TypeHandle);
        _ = TargetRegistry.Lookup(IntPtr.Zero);
        _inHook = false;
        _pendingJitInfo = IntPtr.Zero;
        _pendingTarget = null;
        _pendingCode = IntPtr.Zero;
        _pendingCodeRw = IntPtr.Zero;
        _pendingCodeSize = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrepareUnmanagedEntries()
    {
        // PrepareMethod does not compile UnmanagedCallersOnly methods; calling them once through their native
        // entry does, and they return at once for a null first argument. These calls are made from JIT-compiled
        // code, as the hooks' own calls of the real functions are: in debuggable code the JIT makes such calls
        // through a marshalling stub per signature, which is then created here and not inside the hook.
        ((delegate* unmanaged<IntPtr, AllocMemArgs*, void>)&AllocMem)(IntPtr.Zero, null);
        _ = ((delegate* unmanaged<IntPtr, nuint, IntPtr>)&AllocGcInfo)(IntPtr.Zero, 0);
    }

    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AllocMem(IntPtr jitInfo, AllocMemArgs* args)
    {
        if (jitInfo == IntPtr.Zero)
        {
            return;
        }

        if (_inHook)
        {
            // A compile started by the hook's own code (a callee bound late): it is none of ours, and hooking it
            // would start the same compile again, without end.
            _pendingJitInfo = IntPtr.Zero;
            _pendingTarget = null;
            ((delegate* unmanaged<IntPtr, AllocMemArgs*, void>)_realAllocMem)(jitInfo, args);
            return;
        }

        PatchedTarget? target = null;
        _inHook = true;
        try
        {
            var methodDesc = CompilingMethod(jitInfo);
            target = methodDesc == IntPtr.Zero ? null : TargetRegistry.Lookup(methodDesc);
            if (target is not null && (ReadJitFlags(jitInfo) & (1UL << JitInterfaceVersion.OsrFlagBit)) != 0)
            {
                target.CountOsrSkipped();
                target = null;
            }
        }
        catch
        {
            target = null;
        }
        finally
        {
            _inHook = false;
        }

        if (target is not null && args->HotCodeSize < MinPatchableCodeSize)
        {
            // Tiny optimized bodies (x*3+1 is 6 bytes at tier 1) cannot hold the 12-byte jump: ask for a slightly
            // larger block; the JIT fills what it needs and the rest is ours, so nothing next to it is touched.
            args->HotCodeSize = MinPatchableCodeSize;
        }

        ((delegate* unmanaged<IntPtr, AllocMemArgs*, void>)_realAllocMem)(jitInfo, args);

        // Every compile calls allocMem before allocGCInfo, so this also clears what an earlier compile left.
        _pendingJitInfo = target is null ? IntPtr.Zero : jitInfo;
        _pendingTarget = target;
        _pendingCode = args->HotCodeBlock;
        _pendingCodeRw = args->HotCodeBlockRw;
        _pendingCodeSize = args->HotCodeSize;
    }

    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IntPtr AllocGcInfo(IntPtr jitInfo, nuint size)
    {
        if (jitInfo == IntPtr.Zero)
        {
            return IntPtr.Zero;
        }

        var result = ((delegate* unmanaged<IntPtr, nuint, IntPtr>)_realAllocGcInfo)(jitInfo, size);
        if (!_inHook && _pendingJitInfo == jitInfo && _pendingTarget is { } target)
        {
            _pendingJitInfo = IntPtr.Zero;
            _pendingTarget = null;
            _inHook = true;
            try
            {
                // The code is emitted (allocGCInfo follows emission) and not yet published.
                RecompilationPatcher.OnCompiled(target, _pendingCode, _pendingCodeRw, _pendingCodeSize);
            }
            catch
            {
                // Never let a failure escape into the JIT: this version simply stays unpatched.
            }
            finally
            {
                _inHook = false;
            }
        }

        return result;
    }

    /// <summary>The MethodDesc the stub noted for this ICorJitInfo, or zero (slot reused by another compile).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IntPtr CompilingMethod(IntPtr jitInfo)
    {
        var slot = _compiling + ((((long)jitInfo >> 4) & (CompilingSlots - 1)) * 2);
        var key = Volatile.Read(ref slot[0]);
        var methodDesc = Volatile.Read(ref slot[1]);
        return key == (long)jitInfo && Volatile.Read(ref slot[0]) == key ? (IntPtr)methodDesc : IntPtr.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong ReadJitFlags(IntPtr jitInfo)
    {
        // CORJIT_FLAGS begins with the 64-bit flag word; the EE copies only as much as it has.
        var vtable = *(IntPtr**)jitInfo;
        var buffer = stackalloc ulong[16];
        buffer[0] = 0;
        ((delegate* unmanaged<IntPtr, ulong*, uint, uint>)vtable[JitInterfaceVersion.GetJitFlagsSlot])(jitInfo, buffer, 16 * sizeof(ulong));
        return buffer[0];
    }
}
