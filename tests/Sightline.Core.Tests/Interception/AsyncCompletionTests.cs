using System.Reflection;
using Sightline.Core.Interception;

namespace Sightline.Core.Tests.Interception;

/// <summary>
/// How the exit callback is hooked on a task the caller keeps. It must not be an await-style continuation (an awaiter's
/// OnCompleted): the runtime runs only the first of those inline and pushes the later ones (the caller's own await) to
/// the thread pool, a thread hop per intercepted call. A ContinueWith with ExecuteSynchronously is not one of them.
/// </summary>
public sealed class AsyncCompletionTests
{
    private static readonly MethodBase Method = typeof(AsyncCompletionTests).GetMethod(nameof(Caller), BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public async Task The_exit_runs_first_and_the_callers_continuation_still_runs_inline_on_the_completing_thread()
    {
        var calls = new List<string>();
        var source = new TaskCompletionSource<int>();
        AsyncExit<int, int> exit = (object? instance, ref int result, ref int state, MethodBase method) => calls.Add($"exit {result}");

        var task = AsyncCompletion.OfTask(source.Task, null, 0, Method, exit, null, canReplace: false, new PluginHealth("test", 10, null, null));
        Assert.Same(source.Task, task);
        var caller = Caller(task, calls);
        var completing = Environment.CurrentManagedThreadId;
        source.SetResult(1);

        Assert.True(caller.IsCompleted);
        Assert.Equal(completing, await caller);
        Assert.Equal(["exit 1", "caller"], calls);
    }

    private static async Task<int> Caller(Task<int> task, List<string> calls)
    {
        await task.ConfigureAwait(false);
        calls.Add("caller");
        return Environment.CurrentManagedThreadId;
    }
}
