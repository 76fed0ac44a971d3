using System.Reflection;
using System.Runtime.InteropServices;
using Sightline.Patching.Internal;
using Sightline.Patching.Internal.Jit;
using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>What the engine refuses, with a reason, without changing anything or crashing.</summary>
public sealed class RefusalTests
{
    [Fact]
    public void Abstract_method_is_refused()
    {
        AssertRefused(Method(typeof(Shape), nameof(Shape.Area)), "abstract");
    }

    [Fact]
    public void Extern_pinvoke_method_is_refused()
    {
        var extern_ = typeof(Flows).GetMethods(All).First(m => (m.Attributes & MethodAttributes.PinvokeImpl) != 0);
        AssertRefused(extern_, "extern");
    }

    [Fact]
    public void Internal_call_method_is_refused()
    {
        var internalCall = typeof(object).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(All | BindingFlags.DeclaredOnly))
            .First(m => (m.MethodImplementationFlags & MethodImplAttributes.InternalCall) != 0 && !m.ContainsGenericParameters);
        AssertRefused(internalCall, "extern");
    }

    [Fact]
    public void Open_generic_definitions_are_refused()
    {
        AssertRefused(typeof(Box<>).GetMethod(nameof(Box<int>.Echo))!, "open generic");
        AssertRefused(Method(typeof(Generic), nameof(Generic.Identity)), "open generic");
    }

    [Fact]
    public void Shared_generic_instantiations_are_refused()
    {
        AssertRefused(typeof(Box<string>).GetMethod(nameof(Box<string>.Echo))!, "shared");
        AssertRefused(Method(typeof(Generic), nameof(Generic.Identity)).MakeGenericMethod(typeof(string)), "shared");
        Assert.Equal("same", new Box<string>().Echo("same"));
    }

    [Fact]
    public void Static_constructor_is_refused()
    {
        AssertRefused(typeof(StaticInit).TypeInitializer!, "type initializer");
    }

    [Fact]
    public void Handler_parameter_that_binds_to_nothing_is_refused_and_the_target_is_unchanged()
    {
        var decision = PatchEngine.Shared.Apply(new PatchRequest(Method(typeof(StaticInit), nameof(StaticInit.Plain)), "refusals")
        {
            Prefix = Handler(typeof(RefusalTests), nameof(UnboundPrefix)),
        });

        Assert.False(decision.IsApplied);
        Assert.Contains("nonsense", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(5, StaticInit.Plain(5));
        Assert.Contains(decision, PatchEngine.Shared.Decisions);
    }

    [Fact]
    public void Postfix_with_a_return_value_and_instance_on_static_target_are_refused()
    {
        var target = Method(typeof(StaticInit), nameof(StaticInit.Plain));
        var returning = PatchEngine.Shared.Apply(new PatchRequest(target, "refusals") { Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTenToResult)) });
        var instance = PatchEngine.Shared.Apply(new PatchRequest(target, "refusals") { Prefix = Handler(typeof(RefusalTests), nameof(InstancePrefix)) });

        Assert.Contains("must return void", returning.Reason, StringComparison.Ordinal);
        Assert.Contains("static", instance.Reason, StringComparison.Ordinal);
        Assert.Equal(5, StaticInit.Plain(5));
    }

    [Fact]
    public void Unknown_jit_interface_versions_are_refused()
    {
        Assert.Null(JitInterfaceVersion.Check(JitInterfaceVersion.Net10, 10));
        Assert.Contains("unknown", JitInterfaceVersion.Check(Guid.NewGuid(), 10), StringComparison.Ordinal);
        Assert.Contains("unknown", JitInterfaceVersion.Check(JitInterfaceVersion.Net10, 11), StringComparison.Ordinal);
    }

    [Fact]
    public void Platforms_other_than_x64_linux_on_net10_are_refused()
    {
        Assert.Null(PlatformSupport.Check(true, Architecture.X64, 10, ".NET 10.0.12"));
        Assert.Contains("Linux only", PlatformSupport.Check(false, Architecture.X64, 10, ".NET 10.0.12"), StringComparison.Ordinal);
        Assert.Contains("x64 only", PlatformSupport.Check(true, Architecture.Arm64, 10, ".NET 10.0.12"), StringComparison.Ordinal);
        Assert.Contains(".NET 10", PlatformSupport.Check(true, Architecture.X64, 9, ".NET 9.0.1"), StringComparison.Ordinal);
        Assert.Null(PatchEngine.Shared.UnsupportedReason);
    }

    private static void AssertRefused(MethodBase target, string reasonPart)
    {
        var decision = PatchEngine.Shared.Apply(new PatchRequest(target, "refusals") { Prefix = Handler(typeof(Hooks), nameof(Hooks.Empty)) });
        Assert.Equal(PatchOutcome.Refused, decision.Outcome);
        Assert.Contains(reasonPart, decision.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(target, PatchEngine.Shared.PatchedMethods);
    }

    private static void UnboundPrefix(int nonsense) => _ = nonsense;

    private static void InstancePrefix(object __instance) => _ = __instance;

    private static class StaticInit
    {
        public static readonly int Seed = Environment.ProcessId;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static int Plain(int x) => x;
    }
}
