using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>Async methods: the postfix receives the returned task and may continue it.</summary>
public sealed class AsyncTargetTests
{
    private static Task? _seenTask;
    private static int _valueTaskResult;

    [Fact]
    public async Task Task_of_T_postfix_receives_the_task_and_can_replace_it()
    {
        Apply(new PatchRequest(Method(typeof(Flows), nameof(Flows.AddLaterAsync)), "async")
        {
            Postfix = Handler(typeof(AsyncTargetTests), nameof(AddTenLater)),
        });

        Assert.Equal(13, await Flows.AddLaterAsync(1, 2));
    }

    [Fact]
    public async Task Task_postfix_receives_the_running_task()
    {
        Apply(new PatchRequest(Method(typeof(Flows), nameof(Flows.LogLaterAsync)), "async")
        {
            Postfix = Handler(typeof(AsyncTargetTests), nameof(SeeTask)),
        });

        var log = new List<string>();
        var task = Flows.LogLaterAsync(log);
        Assert.Same(task, _seenTask);
        await task;
        Assert.Equal(["ran"], log);
    }

    [Fact]
    public async Task ValueTask_of_T_postfix_receives_the_value_task()
    {
        Apply(new PatchRequest(Method(typeof(Flows), nameof(Flows.MultiplyLaterAsync)), "async")
        {
            Postfix = Handler(typeof(AsyncTargetTests), nameof(SeeValueTask)),
        });

        Assert.Equal(12, await Flows.MultiplyLaterAsync(3, 4));
        Assert.Equal(12, _valueTaskResult);
    }

    private static void AddTenLater(ref Task<int> __result) =>
        __result = __result.ContinueWith(t => t.Result + 10, TaskScheduler.Default);

    private static void SeeTask(Task __result) => _seenTask = __result;

    private static void SeeValueTask(ref ValueTask<int> __result)
    {
        var observed = __result.AsTask().ContinueWith(
            t =>
            {
                _valueTaskResult = t.Result;
                return t.Result;
            },
            TaskScheduler.Default);
        __result = new ValueTask<int>(observed);
    }
}
