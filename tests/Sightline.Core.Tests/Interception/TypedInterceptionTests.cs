using Sightline.Core.Plugins;

namespace Sightline.Core.Tests.Interception;

public sealed class TypedInterceptionTests
{
    [Fact]
    public void Enter_and_exit_see_instance_arguments_state_and_method_and_exit_can_replace_the_result()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Price)), typeof(PriceInterceptor), "typed-price"), harness.Last.Reason);
        var target = new TypedTarget();

        var result = target.Price(3, "ab");

        Assert.Equal(30 - 2 + 1000, result);
        Assert.Equal(["enter Price items=3 coupon=ab calls=0", "exit result=28 state=42"], PriceInterceptor.Seen);
        Assert.Equal(PluginOutcome.Applied, harness.Last.Outcome);
    }

    [Fact]
    public void Enter_returning_false_skips_the_original_with_the_result_it_set()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Cached)), typeof(CacheInterceptor), "typed-cache"), harness.Last.Reason);
        var target = new TypedTarget();

        Assert.Equal(-1, target.Cached(-5));
        Assert.Equal(0, target.Calls);
        Assert.Equal(7, target.Cached(7));
        Assert.Equal(1, target.Calls);
    }

    [Fact]
    public void A_ref_argument_parameter_overrides_the_argument()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Doubled)), typeof(DoubleArgumentInterceptor), "typed-args"), harness.Last.Reason);

        Assert.Equal(60, new TypedTarget().Doubled(3));
    }

    [Fact]
    public void On_exception_sees_the_exception_and_the_caller_still_gets_it_unchanged()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Fails)), typeof(FailureInterceptor), "typed-failure"), harness.Last.Reason);
        var target = new TypedTarget();

        var thrown = Assert.Throws<InvalidOperationException>(() => target.Fails(4));

        Assert.Equal("target failed 4", thrown.Message);
        Assert.Same(thrown, FailureInterceptor.Seen);
        Assert.Contains(nameof(TypedTarget.Fails), thrown.StackTrace, StringComparison.Ordinal);
        Assert.Equal(0, FailureInterceptor.Exits);
        Assert.Equal(0, target.Fails(0));
        Assert.Equal(1, FailureInterceptor.Exits);
    }

    [Fact]
    public void Static_methods_and_constructors_are_intercepted()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Greet)), typeof(GreetInterceptor), "typed-static"), harness.Last.Reason);
        Assert.True(harness.Install(typeof(Built).GetConstructor([typeof(string)])!, typeof(ConstructorInterceptor), "typed-ctor"), harness.Last.Reason);

        Assert.Equal("HELLO ADA (ada)", TypedTarget.Greet("ada"));
        Assert.Equal("box", new Built("box").Name);
        Assert.Equal("box/box", ConstructorInterceptor.Name);
    }

    [Fact]
    public void A_throwing_interceptor_never_reaches_the_app_is_counted_and_the_plugin_is_switched_off_at_the_limit()
    {
        var harness = new InterceptionHarness(failureLimit: 3);
        Assert.True(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Guarded)), typeof(ThrowingInterceptor), "typed-throwing"), harness.Last.Reason);
        var target = new TypedTarget();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i + 1, target.Guarded(i));
        }

        var health = harness.Installer.HealthOf("typed-throwing");
        Assert.False(health.Enabled);
        Assert.Equal(3, health.Failures);
        Assert.Equal(3, ThrowingInterceptor.Calls);
        var off = Assert.Single(harness.Decisions.Snapshot(), d => d.Outcome == PluginOutcome.SwitchedOff);
        Assert.Contains("failed 3 times", off.Reason, StringComparison.Ordinal);
        Assert.Contains("interceptor bug", off.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_that_binds_to_nothing_is_a_recorded_binding_failure_and_nothing_is_patched()
    {
        var harness = new InterceptionHarness();

        Assert.False(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Unbindable)), typeof(UnbindableInterceptor), "typed-unbindable"));

        Assert.Equal(PluginOutcome.BindingFailed, harness.Last.Outcome);
        Assert.Contains("parameter 'nonsense' cannot be bound", harness.Last.Reason, StringComparison.Ordinal);
        Assert.Equal(5, new TypedTarget().Unbindable(5));
    }

    [Theory]
    [InlineData(typeof(StateNotByRefInterceptor), "OnExit: the state parameter must be declared ref (ref Int32 state)")]
    [InlineData(typeof(MixedStateInterceptor), "the state parameter has different types (Int32, Int64)")]
    public void A_state_parameter_not_by_ref_or_of_two_types_is_a_recorded_binding_failure(Type interceptor, string reason)
    {
        var harness = new InterceptionHarness();

        Assert.False(harness.Install(InterceptionHarness.Method<TypedTarget>(nameof(TypedTarget.Unbindable)), interceptor, "typed-bad-state"));

        Assert.Equal(PluginOutcome.BindingFailed, harness.Last.Outcome);
        Assert.Contains(reason, harness.Last.Reason, StringComparison.Ordinal);
    }
}
