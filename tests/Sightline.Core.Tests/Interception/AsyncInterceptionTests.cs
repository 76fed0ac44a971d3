using System.Diagnostics;

namespace Sightline.Core.Tests.Interception;

public sealed class AsyncInterceptionTests
{
    [Fact]
    public async Task Exit_runs_when_the_task_completes_and_the_callers_activity_is_restored()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<AsyncTarget>(nameof(AsyncTarget.LaterAsync)), typeof(AsyncSpanInterceptor), "async-span"), harness.Last.Reason);
        var target = new AsyncTarget();
        using var caller = new Activity("caller").Start();
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var task = target.LaterAsync(source);

        Assert.Same(caller, Activity.Current);
        Assert.Equal("async-call", target.SeenInside?.OperationName);
        Assert.Same(caller, target.SeenInside?.Parent);
        Assert.Empty(AsyncSpanInterceptor.Events);
        source.SetResult(41);
        Assert.Equal(42, await task);

        // The exit is a continuation of the very task the caller awaits; the caller's own continuation is posted to
        // the test framework's synchronization context and may run before the exit finished on the completing thread.
        await WaitFor(() => AsyncSpanInterceptor.Events.Count >= 1);
        Assert.Equal(["exit 42 async-call"], AsyncSpanInterceptor.Events);
        Assert.Same(caller, Activity.Current);
    }

    [Fact]
    public async Task Synchronous_completion_faults_and_cancellation_reach_the_right_callback()
    {
        var harness = new InterceptionHarness();
        foreach (var name in new[] { nameof(AsyncTarget.SyncAsync), nameof(AsyncTarget.FaultAsync), nameof(AsyncTarget.CancelAsync), nameof(AsyncTarget.ValueAsync) })
        {
            Assert.True(harness.Install(InterceptionHarness.Method<AsyncTarget>(name), typeof(AsyncEventsInterceptor), "async-events"), harness.Last.Reason);
        }

        var target = new AsyncTarget();
        Assert.Equal(5, await target.SyncAsync(5));

        var gate = new TaskCompletionSource();
        var faulted = target.FaultAsync(gate);
        gate.SetResult();
        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() => faulted);
        Assert.Equal("async failure", fault.Message);

        using var cts = new CancellationTokenSource();
        var cancelled = target.CancelAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(cancelled.IsCanceled);

        var valueSource = new TaskCompletionSource<int>();
        var value = target.ValueAsync(valueSource);
        valueSource.SetResult(9);
        Assert.Equal(9, await value);

        await WaitFor(() => AsyncEventsInterceptor.Events.Count >= 4);
        Assert.Equal(
            ["SyncAsync exit 5", "FaultAsync error InvalidOperationException", "CancelAsync error TaskCanceledException", "ValueAsync exit 9"],
            AsyncEventsInterceptor.Events);
    }

    [Fact]
    public async Task An_exit_that_takes_the_result_by_ref_replaces_the_awaited_value()
    {
        var harness = new InterceptionHarness();
        Assert.True(harness.Install(InterceptionHarness.Method<AsyncTarget>(nameof(AsyncTarget.ReplacedAsync)), typeof(AsyncReplaceInterceptor), "async-replace"), harness.Last.Reason);
        var source = new TaskCompletionSource<int>();

        var task = new AsyncTarget().ReplacedAsync(source);
        source.SetResult(3);

        Assert.Equal(300, await task);
    }

    // Continuations of an already awaited task may still be finishing on another thread.
    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}
