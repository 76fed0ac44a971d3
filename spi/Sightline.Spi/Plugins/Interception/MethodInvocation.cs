using System.Reflection;

namespace Sightline.Spi.Plugins.Interception;

/// <summary>
/// One call of an intercepted method as an untyped interceptor sees it: the instance, the method, the arguments,
/// the result, and one slot for the interceptor's own per-call state.
/// </summary>
public sealed class MethodInvocation
{
    /// <summary>Creates an invocation; the agent does this for each intercepted call.</summary>
    public MethodInvocation(object? instance, MethodBase method, object?[] arguments)
    {
        Instance = instance;
        Method = method;
        Arguments = arguments;
    }

    /// <summary>The instance the method was called on; null for a static method.</summary>
    public object? Instance { get; }

    /// <summary>The intercepted method as the library declares it.</summary>
    public MethodBase Method { get; }

    /// <summary>The arguments, in declaration order. Changes reach the original only when the intercept point overrides arguments.</summary>
    public object?[] Arguments { get; }

    /// <summary>The parameter types of <see cref="Method"/>, in order.</summary>
    public Type[] ArgumentTypes => Method.GetParameters().Select(p => p.ParameterType).ToArray();

    /// <summary>
    /// The result: after the original returned, its return value (for an async method, the awaited value);
    /// set it in <see cref="IMethodInterceptor.AfterMethod"/> to replace what the caller receives.
    /// </summary>
    public object? Result { get; set; }

    /// <summary>True when the result was replaced, by <see cref="SkipOriginal"/> or by setting <see cref="Result"/> after the call.</summary>
    public bool ResultReplaced { get; private set; }

    /// <summary>True when <see cref="SkipOriginal"/> was called in the before callback.</summary>
    public bool OriginalSkipped { get; private set; }

    /// <summary>The exception the original threw, if it threw; the agent sets it before the exception callback.</summary>
    public Exception? Exception { get; set; }

    /// <summary>A slot for the interceptor's per-call state, carried from before to after and on-exception.</summary>
    public object? State { get; set; }

    /// <summary>Skips the original method; the caller receives <paramref name="result"/> instead.</summary>
    public void SkipOriginal(object? result)
    {
        OriginalSkipped = true;
        ReplaceResult(result);
    }

    /// <summary>Replaces the result the caller receives.</summary>
    public void ReplaceResult(object? result)
    {
        Result = result;
        ResultReplaced = true;
    }
}
