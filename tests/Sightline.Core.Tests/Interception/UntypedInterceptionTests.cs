namespace Sightline.Core.Tests.Interception;

public sealed class UntypedInterceptionTests
{
    [Fact]
    public async Task Untyped_interceptors_see_arguments_replace_results_skip_override_and_observe_exceptions()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<UntypedTarget>(nameof(UntypedTarget.Join)), typeof(RecordingInterceptor), "untyped"), harness.Last.Reason);
        Assert.True(harness.Install(InterceptionHarness.Method<UntypedTarget>(nameof(UntypedTarget.Throws)), typeof(RecordingInterceptor), "untyped"), harness.Last.Reason);
        Assert.True(harness.Install(InterceptionHarness.Method<UntypedTarget>(nameof(UntypedTarget.LaterAsync)), typeof(RecordingInterceptor), "untyped"), harness.Last.Reason);
        Assert.True(harness.Install(InterceptionHarness.Method<UntypedTarget>(nameof(UntypedTarget.Skipped)), typeof(SkippingInterceptor), "untyped"), harness.Last.Reason);
        Assert.True(harness.Install(InterceptionHarness.Method<UntypedTarget>(nameof(UntypedTarget.Override)), typeof(OverridingInterceptor), "untyped", overrideArguments: true), harness.Last.Reason);
        var target = new UntypedTarget();

        Assert.Equal("a:2", target.Join("a", 2));
        Assert.Equal("skipped x", target.Skipped("x"));
        Assert.Equal(15, target.Override(10));
        Assert.Equal("bad argument", Assert.Throws<ArgumentException>(target.Throws).Message);
        var source = new TaskCompletionSource<string>();
        var later = target.LaterAsync(source);
        source.SetResult("later");
        Assert.Equal("later!", await later);

        Assert.Equal(
            [
                "before Join(a, 2) on UntypedTarget types=String/Int32",
                "after a:2 state-2",
                "before Throws() on UntypedTarget types=",
                "exception ArgumentException: bad argument state=state-0",
                "before LaterAsync(System.Threading.Tasks.TaskCompletionSource`1[System.String]) on UntypedTarget types=TaskCompletionSource`1",
                "after later state-1",
            ],
            RecordingInterceptor.Events);
    }

    [Fact]
    public void Constructor_interceptors_run_after_the_constructor_with_its_arguments()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(typeof(Built2).GetConstructor([typeof(int)])!, typeof(ConstructionInterceptor), "untyped-ctor"), harness.Last.Reason);

        Assert.Equal(3, new Built2(3).Size);

        Assert.Equal(["Built2(3)"], ConstructionInterceptor.Seen);
    }
}
