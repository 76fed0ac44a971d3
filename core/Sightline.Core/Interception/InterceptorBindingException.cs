namespace Sightline.Core.Interception;

/// <summary>An interceptor does not fit the method it was matched to; the message says which parameter and why.</summary>
public sealed class InterceptorBindingException(string message) : Exception(message);
