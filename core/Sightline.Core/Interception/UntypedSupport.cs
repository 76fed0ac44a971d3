using System.ComponentModel;
using System.Reflection;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Core.Interception;

/// <summary>
/// Runs untyped interceptors (<see cref="IMethodInterceptor"/>, <see cref="IConstructorInterceptor"/>). Only the prefix,
/// which packs the target's arguments into an array, is generated per method; the rest are these handlers, whose
/// parameter names follow the patch engine's conventions.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class UntypedSupport
{
    private static readonly MethodInfo BeforeHandler = typeof(IMethodInterceptor).GetMethod(nameof(IMethodInterceptor.BeforeMethod))!;
    private static readonly MethodInfo AfterHandler = typeof(IMethodInterceptor).GetMethod(nameof(IMethodInterceptor.AfterMethod))!;
    private static readonly MethodInfo ExceptionHandler = typeof(IMethodInterceptor).GetMethod(nameof(IMethodInterceptor.OnException))!;
    private static readonly MethodInfo ConstructHandler = typeof(IConstructorInterceptor).GetMethod(nameof(IConstructorInterceptor.OnConstruct))!;

    /// <summary>Runs the before callback; returns false when the interceptor skips the original.</summary>
    public static bool Before(IMethodInterceptor interceptor, PluginHealth health, object? instance, MethodBase method, object?[] arguments, bool overrideArguments, ref GlueState<UntypedCall?> state)
    {
        GlueSupport.Save(ref state);
        var call = new UntypedCall(interceptor, new MethodInvocation(instance, method, arguments), health);
        var original = overrideArguments ? (object?[])arguments.Clone() : null;
        try
        {
            interceptor.BeforeMethod(call.Invocation);
        }
        catch (Exception ex)
        {
            // Nothing was opened that the after or exception callbacks could close; the call runs as unpatched.
            health.Report(BeforeHandler, ex);
            original?.CopyTo(arguments, 0);
            return true;
        }

        state.User = call;
        GlueSupport.Entered(ref state);
        return !call.Invocation.OriginalSkipped;
    }

    /// <summary>The value a skipped call returns, converted to the target's return type (a task for an async target).</summary>
    public static TResult SkippedResult<TResult>(ref GlueState<UntypedCall?> state) => Convert<TResult>(state.User!.Invocation.Result);

    /// <summary>Postfix of a synchronous target with a result.</summary>
    public static void Postfix<TResult>(ref TResult __result, ref GlueState<UntypedCall?> __state)
    {
        if (__state.User is not { } call || !call.Health.Enabled)
        {
            return;
        }

        var invocation = call.Invocation;
        invocation.Result = __result;
        try
        {
            call.Interceptor.AfterMethod(invocation);
            if (invocation.ResultReplaced)
            {
                __result = Convert<TResult>(invocation.Result);
            }
        }
        catch (Exception ex)
        {
            call.Health.Report(AfterHandler, ex);
        }
    }

    /// <summary>Postfix of a synchronous target returning void.</summary>
    public static void PostfixVoid(ref GlueState<UntypedCall?> __state)
    {
        object? none = null;
        Postfix(ref none, ref __state);
    }

    /// <summary>Postfix of a target returning <see cref="Task{TResult}"/>.</summary>
    public static void PostfixTask<T>(ref Task<T> __result, ref GlueState<UntypedCall?> __state)
    {
        if (__state.User is { } call)
        {
            __result = AsyncCompletion.OfTask<T, UntypedCall>(__result, call.Invocation.Instance, call, call.Invocation.Method, AsyncExitOf<T>.Exit, AsyncErrorOf, canReplace: true, call.Health);
            GlueSupport.Leave(ref __state);
        }
    }

    /// <summary>Postfix of a target returning <see cref="Task"/>.</summary>
    public static void PostfixPlainTask(ref Task __result, ref GlueState<UntypedCall?> __state)
    {
        if (__state.User is { } call)
        {
            __result = AsyncCompletion.OfTask<UntypedCall>(__result, call.Invocation.Instance, call, call.Invocation.Method, AsyncExitOf<object?>.Exit, AsyncErrorOf, call.Health);
            GlueSupport.Leave(ref __state);
        }
    }

    /// <summary>Postfix of a target returning <see cref="ValueTask{TResult}"/>.</summary>
    public static void PostfixValueTask<T>(ref ValueTask<T> __result, ref GlueState<UntypedCall?> __state)
    {
        if (__state.User is { } call)
        {
            __result = AsyncCompletion.OfValueTask<T, UntypedCall>(__result, call.Invocation.Instance, call, call.Invocation.Method, AsyncExitOf<T>.Exit, AsyncErrorOf, canReplace: true, call.Health);
            GlueSupport.Leave(ref __state);
        }
    }

    /// <summary>Postfix of a target returning <see cref="ValueTask"/>.</summary>
    public static void PostfixPlainValueTask(ref ValueTask __result, ref GlueState<UntypedCall?> __state)
    {
        if (__state.User is { } call)
        {
            __result = AsyncCompletion.OfValueTask<UntypedCall>(__result, call.Invocation.Instance, call, call.Invocation.Method, AsyncExitOf<object?>.Exit, AsyncErrorOf, call.Health);
            GlueSupport.Leave(ref __state);
        }
    }

    /// <summary>Finalizer: reports a thrown exception to the interceptor (the caller still sees it) and restores the caller's activity.</summary>
    public static void Finalizer(Exception? __exception, ref GlueState<UntypedCall?> __state)
    {
        if (__state.User is not { } call)
        {
            return;
        }

        if (__exception is not null && call.Health.Enabled)
        {
            call.Invocation.Exception = __exception;
            try
            {
                call.Interceptor.OnException(call.Invocation, __exception);
            }
            catch (Exception ex)
            {
                call.Health.Report(ExceptionHandler, ex);
            }

            GlueSupport.Leave(ref __state);
        }
    }

    /// <summary>Runs a constructor interceptor after the constructor returned.</summary>
    public static void Constructed(IConstructorInterceptor interceptor, PluginHealth health, object instance, object?[] arguments)
    {
        if (!health.Enabled)
        {
            return;
        }

        try
        {
            interceptor.OnConstruct(instance, arguments);
        }
        catch (Exception ex)
        {
            health.Report(ConstructHandler, ex);
        }
    }

    private static void AsyncErrorOf(object? instance, Exception exception, ref UntypedCall state, MethodBase method)
    {
        state.Invocation.Exception = exception;
        state.Interceptor.OnException(state.Invocation, exception);
    }

    private static TResult Convert<TResult>(object? value)
    {
        if (value is TResult typed)
        {
            return typed;
        }

        // Skipping an async method with a plain value: hand the caller a completed task of that value.
        var type = typeof(TResult);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var fromResult = typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(type.GetGenericArguments()[0]);
            return (TResult)fromResult.Invoke(null, [value])!;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (TResult)Activator.CreateInstance(type, value)!;
        }

        if (value is null && (type == typeof(Task) || type == typeof(ValueTask)))
        {
            return type == typeof(Task) ? (TResult)(object)Task.CompletedTask : default!;
        }

        return (TResult)value!;
    }

    private static class AsyncExitOf<T>
    {
        public static readonly AsyncExit<T, UntypedCall> Exit = static (object? instance, ref T result, ref UntypedCall state, MethodBase method) =>
        {
            var invocation = state.Invocation;
            invocation.Result = result;
            state.Interceptor.AfterMethod(invocation);
            if (invocation.ResultReplaced)
            {
                result = Convert<T>(invocation.Result);
            }
        };
    }
}
