namespace Sightline.Spi.Plugins.Interception;

/// <summary>
/// Marks a static class as a typed interceptor: the zero-allocation form, bound once at patch time.
/// </summary>
/// <remarks>
/// The class declares any of three static methods, whose parameters are bound by convention:
/// <list type="bullet">
/// <item><c>OnEnter</c>: runs before the original. Returning <c>false</c> skips the original (then set the result
/// through a <c>ref</c> result parameter).</item>
/// <item><c>OnExit</c>: runs after the original returned, or when a returned task completes.</item>
/// <item><c>OnException</c>: runs when the original throws or a returned task faults or is cancelled.</item>
/// </list>
/// Parameters: <c>instance</c> (the target object, typed as the target type or <c>object</c>); a parameter named
/// like a target parameter, or <c>arg0</c>, <c>arg1</c>... by position (declare it <c>ref</c> to change the argument);
/// <c>ref T result</c> (the return value; for an async method, the awaited value in <c>OnExit</c>);
/// <c>ref TState state</c> (per-call state shared by the three methods of one call, any type);
/// <c>Exception exception</c>; <c>MethodBase method</c>. Unrecognised parameters make the binding fail: the
/// decision list names the parameter and the intercept point is not applied.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TypedInterceptorAttribute : Attribute
{
}
