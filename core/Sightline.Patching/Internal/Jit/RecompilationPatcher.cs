using System.Runtime.CompilerServices;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Internal.Jit;

/// <summary>
/// Writes the jump into a freshly compiled version of a target, inside the JIT hook. The code is not published yet,
/// so nobody runs it and no atomicity is needed; under W^X it is written into the JIT's RW buffer, which the EE
/// copies to the executable address afterwards. Older versions are never touched (the runtime may still run them).
/// The jump is the one-instruction absolute form to the target's trampoline (see <see cref="JumpWriter"/>).
/// </summary>
internal static unsafe class RecompilationPatcher
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OnCompiled(PatchedTarget target, IntPtr hotCode, IntPtr hotCodeRw, uint hotCodeSize)
    {
        if (hotCodeSize < JumpWriter.AbsoluteJumpSize)
        {
            target.CountRecompileMissed();
            return;
        }

        var writable = hotCodeRw != IntPtr.Zero ? hotCodeRw : hotCode;
        JumpWriter.WriteAbsoluteJump((byte*)writable, target.Trampoline);
        target.CountRecompilePatched();
    }
}
