namespace Shop.Demo;

/// <summary>A failure the demo explains to its user in one message (no stack trace): a bad option, a service that did not start.</summary>
public sealed class DemoException(string message, Exception? inner = null) : Exception(message, inner);
