namespace Sightline.Spi.Plugins.Interception;

/// <summary>
/// An untyped interceptor around instance or static methods (SkyWalking's
/// <c>InstanceMethodsAroundInterceptor</c>): convenient, at the cost of an arguments array per call.
/// For hot paths write a typed interceptor instead (<see cref="TypedInterceptorAttribute"/>).
/// </summary>
/// <remarks>
/// One instance serves every call of every method of its intercept point, from any thread: keep per-call data
/// in <see cref="MethodInvocation.State"/>, not in fields. An exception thrown here is caught, counted against the
/// plugin and logged; the application never sees it, and a plugin that keeps failing is switched off.
/// For a method returning <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>,
/// <see cref="AfterMethod"/> and <see cref="OnException"/> run when the task completes (cancellation counts as an
/// exception), with <see cref="MethodInvocation.Result"/> holding the awaited value.
/// </remarks>
public interface IMethodInterceptor
{
    /// <summary>
    /// Runs before the original method. Call <see cref="MethodInvocation.SkipOriginal"/> to return a value without
    /// running it; change <see cref="MethodInvocation.Arguments"/> to override arguments when the intercept point
    /// allows it.
    /// </summary>
    void BeforeMethod(MethodInvocation invocation);

    /// <summary>Runs after the original method returned (or was skipped); may replace <see cref="MethodInvocation.Result"/>.</summary>
    void AfterMethod(MethodInvocation invocation);

    /// <summary>Runs when the original method throws, before the exception reaches the caller, which still sees it.</summary>
    void OnException(MethodInvocation invocation, Exception exception);
}
