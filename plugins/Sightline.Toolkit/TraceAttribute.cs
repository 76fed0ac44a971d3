namespace Sightline.Toolkit;

/// <summary>
/// Makes the method a Local span when the Sightline agent is attached (an async method's span ends when its task
/// does). Without the agent it does nothing.
/// </summary>
/// <param name="operationName">The span's name; <c>Type.Method</c> when omitted.</param>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public sealed class TraceAttribute(string? operationName = null) : Attribute
{
    /// <summary>The span's name, or null for <c>Type.Method</c>.</summary>
    public string? OperationName { get; } = operationName;
}
