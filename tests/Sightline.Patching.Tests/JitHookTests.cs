using System.Reflection.Emit;
using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>The JIT hook in this process: failures stay managed, inlining cannot bypass a patch.</summary>
public sealed class JitHookTests
{
    [Fact]
    public void Invalid_IL_compiled_while_the_hook_is_installed_throws_InvalidProgramException()
    {
        Assert.Null(PatchEngine.Shared.UnsupportedReason);
        var broken = new DynamicMethod("Broken", typeof(int), [typeof(int)]);
        var il = broken.GetILGenerator();
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        var call = (Func<int, int>)broken.CreateDelegate(typeof(Func<int, int>));

        Assert.Throws<InvalidProgramException>(() => call(1));
        Assert.Throws<InvalidProgramException>(() => call(2));
    }

    [Fact]
    public void Type_load_failure_while_a_method_is_compiled_under_the_hook_is_a_normal_TypeLoadException()
    {
        // The EE throws this as a C++ exception through compileMethod; a managed frame of ours under the JIT
        // would turn it into process termination on Unix.
        Assert.Null(PatchEngine.Shared.UnsupportedReason);
        Assert.Throws<TypeLoadException>(() => BadLayoutUser.Use());
        Assert.Throws<TypeLoadException>(() => BadLayoutUser.Use());
    }

    [Fact]
    public void Inlinable_method_is_intercepted_in_callers_compiled_after_patching()
    {
        Apply(new PatchRequest(Method(typeof(Flows), nameof(Flows.Inlinable)), "jit")
        {
            Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)),
        });

        // CallsInlinable is compiled optimized on its first call (after the patch); without mdfNotInline the JIT
        // would inline the original x + 1 and skip the patch.
        Assert.Equal((3 + 1 + 10) * 2, OptimizedCaller.Call(3));
        Assert.Equal((3 + 1 + 10) * 2, Flows.CallsInlinable(3));
    }

    private static class OptimizedCaller
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public static int Call(int x) => Flows.Inlinable(x) * 2;
    }
}
