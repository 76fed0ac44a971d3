using System.ComponentModel;
using System.Reflection;

namespace Sightline.Core.Interception;

/// <summary>An interceptor's exit callback for an async target, normalised by the glue: runs when the task succeeded.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void AsyncExit<TResult, TUser>(object? instance, ref TResult result, ref TUser state, MethodBase method);

/// <summary>An interceptor's exception callback for an async target: runs when the task faulted or was cancelled.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void AsyncError<TUser>(object? instance, Exception exception, ref TUser state, MethodBase method);

/// <summary>
/// Runs an interceptor's exit or exception callback when the task an intercepted method returned completes.
/// When the callback cannot replace the result, the caller keeps the very task the method returned and the callback
/// is a continuation registered before the caller's own; otherwise the caller gets a task that completes with the
/// possibly replaced result, or with the original exception or cancellation.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AsyncCompletion
{
    /// <summary>Completion of a <see cref="Task{TResult}"/>.</summary>
    public static Task<T> OfTask<T, TUser>(Task<T> task, object? instance, TUser state, MethodBase method, AsyncExit<T, TUser>? exit, AsyncError<TUser>? error, bool canReplace, PluginHealth health)
    {
        if (task.IsCompletedSuccessfully)
        {
            var result = task.Result;
            return Exit(exit, instance, ref result, ref state, method, health) && canReplace && !EqualityComparer<T>.Default.Equals(result, task.Result)
                ? Task.FromResult(result)
                : task;
        }

        if (canReplace)
        {
            return Await(task, instance, state, method, exit, error, health);
        }

        // ContinueWith with ExecuteSynchronously, not an awaiter's OnCompleted (which would allocate less): a task runs
        // only the first await-style continuation inline, so ours would push the caller's own await to the thread pool.
        var callback = new Callback<T, TUser>(instance, state, method, exit, error, health);
        task.ContinueWith(static (t, s) => ((Callback<T, TUser>)s!).Run(t), callback, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Completion of a <see cref="Task"/>; the exit callback sees a null result.</summary>
    public static Task OfTask<TUser>(Task task, object? instance, TUser state, MethodBase method, AsyncExit<object?, TUser>? exit, AsyncError<TUser>? error, PluginHealth health)
    {
        if (task.IsCompletedSuccessfully)
        {
            object? none = null;
            Exit(exit, instance, ref none, ref state, method, health);
            return task;
        }

        var callback = new Callback<object?, TUser>(instance, state, method, exit, error, health);
        task.ContinueWith(static (t, s) => ((Callback<object?, TUser>)s!).Run(t), callback, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Completion of a <see cref="ValueTask{TResult}"/>.</summary>
    public static ValueTask<T> OfValueTask<T, TUser>(ValueTask<T> task, object? instance, TUser state, MethodBase method, AsyncExit<T, TUser>? exit, AsyncError<TUser>? error, bool canReplace, PluginHealth health)
    {
        if (task.IsCompletedSuccessfully)
        {
            var result = task.Result;
            Exit(exit, instance, ref result, ref state, method, health);
            return canReplace ? new ValueTask<T>(result) : task;
        }

        // AsTask consumes a pooled source once; the caller only ever sees the task returned here.
        return new ValueTask<T>(OfTask(task.AsTask(), instance, state, method, exit, error, canReplace, health));
    }

    /// <summary>Completion of a <see cref="ValueTask"/>; the exit callback sees a null result.</summary>
    public static ValueTask OfValueTask<TUser>(ValueTask task, object? instance, TUser state, MethodBase method, AsyncExit<object?, TUser>? exit, AsyncError<TUser>? error, PluginHealth health)
    {
        if (task.IsCompletedSuccessfully)
        {
            object? none = null;
            Exit(exit, instance, ref none, ref state, method, health);
            return task;
        }

        return new ValueTask(OfTask(task.AsTask(), instance, state, method, exit, error, health));
    }

    private static async Task<T> Await<T, TUser>(Task<T> task, object? instance, TUser state, MethodBase method, AsyncExit<T, TUser>? exit, AsyncError<TUser>? error, PluginHealth health)
    {
        T result;
        try
        {
            result = await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Error(error, instance, ex, ref state, method, health);
            throw;
        }

        Exit(exit, instance, ref result, ref state, method, health);
        return result;
    }

    private static bool Exit<T, TUser>(AsyncExit<T, TUser>? exit, object? instance, ref T result, ref TUser state, MethodBase method, PluginHealth health)
    {
        if (exit is null || !health.Enabled)
        {
            return false;
        }

        var before = result;
        try
        {
            exit(instance, ref result, ref state, method);
            return true;
        }
        catch (Exception ex)
        {
            result = before;
            health.Report(exit.Method, ex);
            return false;
        }
    }

    private static void Error<TUser>(AsyncError<TUser>? error, object? instance, Exception exception, ref TUser state, MethodBase method, PluginHealth health)
    {
        if (error is null || !health.Enabled)
        {
            return;
        }

        try
        {
            error(instance, exception, ref state, method);
        }
        catch (Exception ex)
        {
            health.Report(error.Method, ex);
        }
    }

    private sealed class Callback<T, TUser>(object? instance, TUser state, MethodBase method, AsyncExit<T, TUser>? exit, AsyncError<TUser>? error, PluginHealth health)
    {
        private TUser _state = state;

        public void Run(Task task)
        {
            if (task.IsCompletedSuccessfully)
            {
                var result = task is Task<T> typed ? typed.Result : default!;
                Exit(exit, instance, ref result, ref _state, method, health);
                return;
            }

            // A cancelled task reports the cancellation as an exception, as awaiting it would.
            var exception = task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
            Error(error, instance, exception, ref _state, method, health);
        }
    }
}
