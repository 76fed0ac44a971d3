namespace Sightline.LoadTest;

/// <summary>A problem that stops the load test, with a message for the user (no stack trace).</summary>
public sealed class LoadTestException : Exception
{
    public LoadTestException(string message)
        : base(message)
    {
    }

    public LoadTestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
