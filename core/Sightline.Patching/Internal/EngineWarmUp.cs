using System.Reflection;
using System.Runtime.CompilerServices;
using Sightline.Patching.Internal.Native;
using Sightline.Patching.Internal.Replacement;

namespace Sightline.Patching.Internal;

/// <summary>
/// Runs the engine's own code paths once on a method of its own, changing nothing: the replacement builder with
/// every kind of handler, the compile of a replacement, the search for free address space near code, and the
/// decoding of compiled code. Run on a background thread while the application starts, it leaves that code compiled
/// (or bound, when precompiled) for the first real patch on the application's thread.
/// </summary>
internal static class EngineWarmUp
{
    public static void Run()
    {
        var target = typeof(EngineWarmUp).GetMethod(nameof(Target), BindingFlags.NonPublic | BindingFlags.Static)!;
        if (TargetRules.Check(target) is not null)
        {
            return;
        }

        var request = new PatchRequest(target, PatchEngine.WarmUpOwner)
        {
            Prefix = Handler(nameof(Prefix)),
            Postfix = Handler(nameof(Postfix)),
            Finalizer = Handler(nameof(Finalizer)),
            OnHandlerException = static (_, _) => { },
        };
        var replacement = ReplacementBuilder.Build(target, OriginalMethodTable.IdOf(target), [request], out _);
        _ = replacement.CreateDelegate<Func<int, int>>()(1);
        if (NativeJumpBackend.CanLocateReplacements)
        {
            _ = NativeJumpBackend.EntryOf(replacement, out _);
        }

        // The free address space the first trampolines are mapped in: /proc/self/maps is read now and its gaps kept.
        _ = NearMemory.FreeGaps();
        RuntimeHelpers.PrepareMethod(target.MethodHandle);
        var code = CodeLocator.FindCode(target.MethodHandle.GetFunctionPointer());
        if (code != IntPtr.Zero)
        {
            _ = CodeExtent.CallReturningInside(code, CodeExtent.MeasureAtLeast(code, JumpWriter.AbsoluteJumpSize));
        }
    }

    private static MethodInfo Handler(string name) =>
        typeof(EngineWarmUp).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Target(int value) => value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : (value * 7) + 3;

    private static bool Prefix(int value, ref long __state)
    {
        __state = value;
        return true;
    }

    private static void Postfix(ref int __result, long __state) => __result += (int)(__state - __state);

    private static Exception? Finalizer(Exception? __exception, MethodBase __originalMethod) =>
        __originalMethod is null ? null : __exception;
}
