using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Sightline.Patching.Diagnostics;
using Sightline.Patching.Internal.Jit;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Internal;

/// <summary>
/// The built-in backend: every compiled version of a target starts with a jump through the target's cell to the
/// replacement. Versions that exist when the patch is applied are patched in place; versions compiled later
/// (tier-1, rejit) are patched by the JIT hook before the runtime publishes them.
/// </summary>
internal sealed unsafe class NativeJumpBackend : IPatchBackend
{
    private static readonly MethodInfo? GetMethodDescriptor =
        typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.NonPublic | BindingFlags.Instance);

    private readonly Lazy<string?> _unsupported = new(() => PlatformSupport.CheckCurrent() ?? JitCompileHook.Install());

    public string Name => "native-jump+jit-hook";

    public string? UnsupportedReason => _unsupported.Value;

    public string? CheckTarget(MethodBase target)
    {
        if (GetMethodDescriptor is null)
        {
            return "DynamicMethod.GetMethodDescriptor is missing in this runtime";
        }

        return null;
    }

    public string? Redirect(MethodBase target, MethodInfo replacement)
    {
        var code = CompileReplacement((DynamicMethod)replacement);
        var methodDesc = target.MethodHandle.Value;
        var existing = TargetRegistry.Lookup(methodDesc);
        if (existing is not null)
        {
            existing.Replacements.Add((DynamicMethod)replacement);
            TargetCell.Set(existing.Cell, code);
            return null;
        }

        // Callers compiled from now on must call the target, not inline a copy of it.
        MethodDescFlags.SetNotInline(methodDesc);
        RuntimeHelpers.PrepareMethod(target.MethodHandle);
        var entry = EntryPointOf(target);
        var current = CodeLocator.FindCode(entry);
        if (current == IntPtr.Zero)
        {
            return "the method's entry point could not be followed to compiled code";
        }

        var cell = TargetCell.Allocate();
        TargetCell.Set(cell, code);
        if (!TryPlanJump(current, cell, out var jump, out var refusal, out var room))
        {
            return refusal;
        }

        var patched = new PatchedTarget(TargetRegistry.NextId, target, methodDesc, cell);
        patched.Replacements.Add((DynamicMethod)replacement);
        TargetRegistry.Add(patched);

        // From here on the JIT hook patches new versions. Patch the current one in place; if the runtime published
        // another version meanwhile (compiled before the registry had the target), patch that one too.
        for (var attempt = 0; attempt < 4 && current != IntPtr.Zero; attempt++)
        {
            if (!JumpWriter.StartsWithCellJump(current, cell) && !patched.PatchedCode.Contains(current))
            {
                if (attempt > 0 && !TryPlanJump(current, cell, out jump, out refusal, out room))
                {
                    PatchingEventSource.Log.VersionLeftUnpatched(target.Name, refusal);
                    break;
                }

                WriteWithPrecodeDetour(entry, methodDesc, current, cell, jump, tiny: room < JumpWriter.CellJumpSize);
                patched.PatchedCode.Add(current);
            }

            var next = CodeLocator.FindCode(entry);
            if (next == current)
            {
                break;
            }

            current = next;
        }

        return null;
    }

    /// <summary>
    /// Writes the jump into code other threads may be running. Calls through the method's precode are first sent
    /// straight to the replacement (one atomic store of the precode's target), so threads stop entering the old
    /// code; tiny bodies, where a caller is likely to sit between the bytes being replaced, get a pause to drain.
    /// Then the jump is written and the precode target put back, so call counting and tier-up carry on.
    /// </summary>
    private static void WriteWithPrecodeDetour(IntPtr entry, IntPtr methodDesc, IntPtr code, IntPtr cell, byte[] jump, bool tiny)
    {
        var precodeTarget = CodeLocator.PrecodeTargetCell(entry, methodDesc);
        var detour = precodeTarget == null ? IntPtr.Zero : TrampolinePool.Rent(code, cell);
        var original = IntPtr.Zero;
        if (detour != IntPtr.Zero)
        {
            original = Interlocked.Exchange(ref *precodeTarget, detour);
            if (tiny)
            {
                Thread.Sleep(2);
            }
        }

        JumpWriter.WriteLive(code, jump);
        if (detour != IntPtr.Zero)
        {
            // Put the runtime's target back unless the runtime replaced it meanwhile (a new tier was published).
            Interlocked.CompareExchange(ref *precodeTarget, original, detour);
        }
    }

    /// <summary>
    /// Decides the jump for code that may be running. Preferred: 5 bytes to a near trampoline when they sit inside one
    /// aligned quadword (a single atomic store). Otherwise the 12-byte cell jump, or 5 bytes when only 5 fit.
    /// </summary>
    private static bool TryPlanJump(IntPtr code, IntPtr cell, out byte[] jump, out string refusal, out int room)
    {
        refusal = string.Empty;
        jump = [];
        room = CodeExtent.MeasureAtLeast(code, JumpWriter.CellJumpSize);
        if (room < JumpWriter.Rel32JumpSize)
        {
            refusal = $"the compiled code is only {room} bytes, too small for a 5-byte jump; writing one would overwrite the next method";
            return false;
        }

        var atomic = ((long)code & 7) + JumpWriter.Rel32JumpSize <= 8;
        if (atomic || room < JumpWriter.CellJumpSize)
        {
            var trampoline = TrampolinePool.Rent(code, cell);
            if (trampoline != IntPtr.Zero)
            {
                jump = new byte[JumpWriter.Rel32JumpSize];
                JumpWriter.FillRel32Jump(jump, code, trampoline);
                return true;
            }
        }

        if (room >= JumpWriter.CellJumpSize)
        {
            jump = new byte[JumpWriter.CellJumpSize];
            JumpWriter.FillCellJump(jump, cell);
            return true;
        }

        refusal = $"the compiled code is only {room} bytes and no memory within ±2 GB is free for a trampoline";
        return false;
    }

    private static IntPtr CompileReplacement(DynamicMethod replacement)
    {
        var handle = (RuntimeMethodHandle)GetMethodDescriptor!.Invoke(replacement, null)!;
        RuntimeHelpers.PrepareMethod(handle);
        var entry = handle.GetFunctionPointer();
        var code = CodeLocator.FindCode(entry);
        return code == IntPtr.Zero ? entry : code;
    }

    private static IntPtr EntryPointOf(MethodBase target)
    {
        // A virtual method of a value type: the function pointer is the unboxing stub; ldftn gives the real entry.
        if (target.DeclaringType!.IsValueType && target.IsVirtual)
        {
            var ldftn = new DynamicMethod("ldftn", typeof(IntPtr), Type.EmptyTypes, typeof(NativeJumpBackend).Module, true);
            var il = ldftn.GetILGenerator();
            il.Emit(OpCodes.Ldftn, (MethodInfo)target);
            il.Emit(OpCodes.Ret);
            return ((Func<IntPtr>)ldftn.CreateDelegate(typeof(Func<IntPtr>)))();
        }

        return target.MethodHandle.GetFunctionPointer();
    }
}
