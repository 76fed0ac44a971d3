using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Sightline.Patching.Diagnostics;
using Sightline.Patching.Internal.Jit;
using Sightline.Patching.Internal.Native;
using Sightline.Patching.Internal.Replacement;

namespace Sightline.Patching.Internal;

/// <summary>
/// The built-in backend: every compiled version of a target starts with a jump through the target's cell to the
/// replacement. Versions that exist when the patch is applied are patched in place; versions compiled later
/// (tier-1, rejit) are patched by the JIT hook before the runtime publishes them.
/// </summary>
internal sealed unsafe class NativeJumpBackend : IPatchBackend
{
    // A delegate, not MethodInfo.Invoke: from its second call Invoke JIT-compiles an invoke stub, fully optimized.
    private static readonly Func<DynamicMethod, RuntimeMethodHandle>? GetMethodDescriptor =
        typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.NonPublic | BindingFlags.Instance)
            ?.CreateDelegate<Func<DynamicMethod, RuntimeMethodHandle>>();

    private readonly Lazy<string?> _unsupported = new(() => PlatformSupport.CheckCurrent() ?? JitCompileHook.Install() ?? ThreadStop.Install());

    private List<PendingWrite>? _batch;

    public string Name => "native-jump+jit-hook";

    /// <summary>False when this runtime lacks DynamicMethod.GetMethodDescriptor (see <see cref="CheckTarget"/>).</summary>
    internal static bool CanLocateReplacements => GetMethodDescriptor is not null;

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
        SettleCells();
        var code = EntryOf((DynamicMethod)replacement, out var compiled);
        var methodDesc = target.MethodHandle.Value;
        var existing = TargetRegistry.Lookup(methodDesc);
        if (existing is not null)
        {
            existing.Replacements.Add((DynamicMethod)replacement);
            TargetCell.Set(existing.Cell, code);
            existing.PendingEntry = compiled ? IntPtr.Zero : code;
            return null;
        }

        // Callers compiled from now on must call the target, not inline a copy of it.
        MethodDescFlags.SetNotInline(methodDesc);
        var entry = EntryPointOf(target);
        var cell = TargetCell.Allocate();
        TargetCell.Set(cell, code);
        var current = CodeLocator.FindCode(entry);
        var jump = Array.Empty<byte>();
        string? refusal;
        if (current != IntPtr.Zero && !TryPlanJump(current, cell, out jump, out refusal))
        {
            return refusal;
        }

        var trampoline = TrampolinePool.Rent(current != IntPtr.Zero ? current : entry, cell);
        trampoline = trampoline != IntPtr.Zero ? trampoline : TrampolinePool.RentAnywhere(cell);
        if (trampoline == IntPtr.Zero)
        {
            return "no memory for the target's trampoline";
        }

        // From here on the JIT hook patches every version compiled, including the one PrepareMethod compiles for a
        // method never called yet. That is the only version of a never-called virtual method of a late-loaded
        // assembly: the runtime puts its code in the vtable slots and leaves the entry point's precode on the
        // prestub, so the code cannot be found from the entry point, and does not need to be.
        var patched = new PatchedTarget(TargetRegistry.NextId, target, methodDesc, cell, trampoline);
        patched.Replacements.Add((DynamicMethod)replacement);
        patched.PendingEntry = compiled ? IntPtr.Zero : code;
        TargetRegistry.Add(patched);
        RuntimeHelpers.PrepareMethod(target.MethodHandle);
        var planned = current;
        current = CodeLocator.FindCode(entry);
        if (current == IntPtr.Zero)
        {
            return patched.RecompilesPatched > 0
                ? null
                : Unredirect(patched, "the method's entry point could not be followed to compiled code");
        }

        if (_batch is not null && current == planned && !JumpWriter.StartsWithJumpThrough(current, cell))
        {
            // Written with the others of the batch, in one stop of all threads (EndBatch).
            _batch.Add(new PendingWrite(patched, entry, current, jump));
            return null;
        }

        return PatchVersions(patched, entry, current, planned, jump, firstWritten: false);
    }

    /// <summary>
    /// From now until <see cref="EndBatch"/>, the in-place writes of newly registered targets are queued and done
    /// together with one stop of all threads instead of one stop each (start-up patching of many methods).
    /// Call under the engine lock.
    /// </summary>
    internal void BeginBatch() => _batch = [];

    /// <summary>Writes the queued jumps; returns the targets whose jump could not be written (now refused) and why.</summary>
    internal List<(MethodBase Target, string Reason)> EndBatch()
    {
        var batch = _batch ?? [];
        _batch = null;
        var failures = new List<(MethodBase Target, string Reason)>();
        if (batch.Count == 0)
        {
            return failures;
        }

        var writes = new CodeWrite[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            MemoryProtection.MakeWritable((byte*)batch[i].Code, batch[i].Jump.Length);
            writes[i] = new CodeWrite(batch[i].Code, batch[i].Jump);
        }

        var together = ThreadStop.Write(writes);
        foreach (var pending in batch)
        {
            var failure = together is null
                ? PatchVersions(pending.Target, pending.Entry, pending.Code, pending.Code, pending.Jump, firstWritten: true)
                : PatchVersions(pending.Target, pending.Entry, pending.Code, pending.Code, pending.Jump, firstWritten: false);
            if (failure is not null)
            {
                failures.Add((pending.Target.Original, failure));
            }
        }

        return failures;
    }

    /// <summary>
    /// Patches the current version in place (unless <paramref name="firstWritten"/>); if the runtime published
    /// another version meanwhile (compiled before the registry had the target), patches that one too.
    /// </summary>
    private static string? PatchVersions(PatchedTarget patched, IntPtr entry, IntPtr current, IntPtr planned, byte[] jump, bool firstWritten)
    {
        if (firstWritten)
        {
            patched.PatchedCode.Add(current);
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (!JumpWriter.StartsWithJumpThrough(current, patched.Cell) && !patched.PatchedCode.Contains(current))
            {
                string? refusal = null;
                if (current != planned && !TryPlanJump(current, patched.Cell, out jump, out refusal))
                {
                    if (attempt == 0)
                    {
                        return Unredirect(patched, refusal);
                    }

                    PatchingEventSource.Log.VersionLeftUnpatched(patched.Original.Name, refusal);
                    break;
                }

                var failure = WriteLive(current, jump);
                if (failure is not null)
                {
                    if (attempt == 0)
                    {
                        return Unredirect(patched, $"the jump could not be written safely: {failure}");
                    }

                    PatchingEventSource.Log.VersionLeftUnpatched(patched.Original.Name, failure);
                    break;
                }

                patched.PatchedCode.Add(current);
            }

            var next = CodeLocator.FindCode(entry);
            if (next == current || next == IntPtr.Zero)
            {
                break;
            }

            current = next;
        }

        return null;
    }

    /// <summary>
    /// A target registered (the JIT hook may already have patched a version) but whose current code could not be
    /// redirected: its cell gets a copy of the original body without patches, so every version behaves as the
    /// original, and the request is refused.
    /// </summary>
    private static string Unredirect(PatchedTarget patched, string refusal)
    {
        patched.Replacements.Add(ReplacementBuilder.Build(patched.Original, OriginalMethodTable.IdOf(patched.Original), [], out _));
        TargetCell.Set(patched.Cell, EntryOf(patched.Replacements[^1], out var compiled));
        patched.PendingEntry = compiled ? IntPtr.Zero : TargetCell.Get(patched.Cell);
        return refusal;
    }

    /// <summary>
    /// Writes the jump into code other threads may be running: <see cref="ThreadStop"/> writes it with every other
    /// thread stopped outside the replaced bytes. The method's precode is left alone: the runtime owns it (call
    /// counting, tier-up and stub clean-up retarget it and free the stubs it pointed to), and a target of ours
    /// stored there, or an old one put back, would race with that.
    /// </summary>
    private static string? WriteLive(IntPtr code, byte[] jump)
    {
        MemoryProtection.MakeWritable((byte*)code, jump.Length);
        return ThreadStop.Write([new CodeWrite(code, jump)]);
    }

    /// <summary>
    /// Decides the jump for code that may be running: 5 bytes to a near trampoline (the fewest bytes, so the fewest
    /// instruction boundaries a running thread can sit on), otherwise the 14-byte absolute jump. A call instruction
    /// ending inside the replaced bytes is refused: the thread it called would return into the middle of the jump.
    /// </summary>
    private static bool TryPlanJump(IntPtr code, IntPtr cell, out byte[] jump, out string refusal)
    {
        refusal = string.Empty;
        jump = [];
        var room = CodeExtent.MeasureAtLeast(code, JumpWriter.AbsoluteJumpSize);
        if (room < JumpWriter.Rel32JumpSize)
        {
            refusal = $"the compiled code is only {room} bytes, too small for a 5-byte jump; writing one would overwrite the next method";
            return false;
        }

        var trampoline = TrampolinePool.Rent(code, cell);
        if (trampoline != IntPtr.Zero)
        {
            jump = new byte[JumpWriter.Rel32JumpSize];
            JumpWriter.FillRel32Jump(jump, code, trampoline);
        }
        else if (room >= JumpWriter.AbsoluteJumpSize && TrampolinePool.RentAnywhere(cell) is var far && far != IntPtr.Zero)
        {
            jump = new byte[JumpWriter.AbsoluteJumpSize];
            JumpWriter.FillAbsoluteJump(jump, far);
        }
        else
        {
            refusal = $"the compiled code is only {room} bytes and no memory within ±2 GB is free for a trampoline";
            return false;
        }

        var returnInside = CodeExtent.CallReturningInside(code, jump.Length);
        if (returnInside > 0)
        {
            refusal = $"a call in the first {jump.Length} bytes returns to offset {returnInside}, inside the jump that would replace them";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Where the cell should point for a replacement: its code when it is compiled already, otherwise its entry point
    /// (a precode on the prestub). The replacement is NOT compiled here: it is a full copy of the original body, never
    /// tiered, so the JIT compiles it fully optimized - several milliseconds for a large framework method, most of
    /// the cost of patching at start-up. The runtime compiles it on its first call instead, and the precode then
    /// leads to the code (one extra indirect jump per call until <see cref="SettleCells"/> points the cell at the code).
    /// </summary>
    internal static IntPtr EntryOf(DynamicMethod replacement, out bool compiled)
    {
        var handle = GetMethodDescriptor!(replacement);
        var entry = handle.GetFunctionPointer();
        var code = CodeLocator.FindCode(entry);
        compiled = code != IntPtr.Zero;
        return compiled ? code : entry;
    }

    /// <summary>Points the cells of replacements compiled since they were installed straight at their code.</summary>
    private static void SettleCells()
    {
        foreach (var target in TargetRegistry.All)
        {
            var entry = target.PendingEntry;
            if (entry != IntPtr.Zero && CodeLocator.FindCode(entry) is var code && code != IntPtr.Zero)
            {
                // The precode leads to the code only once the runtime has published it, so it is complete.
                Interlocked.CompareExchange(ref *(IntPtr*)target.Cell, code, entry);
                target.PendingEntry = IntPtr.Zero;
            }
        }
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

    private sealed record PendingWrite(PatchedTarget Target, IntPtr Entry, IntPtr Code, byte[] Jump);
}
