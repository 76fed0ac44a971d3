namespace Sightline.Toolkit;

/// <summary>On a parameter of a <see cref="TraceAttribute"/> method: records the argument as a tag of the span.</summary>
/// <param name="key">The tag's key, such as <c>order.id</c>.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SpanTagAttribute(string key) : Attribute
{
    /// <summary>The tag's key.</summary>
    public string Key { get; } = key;
}
