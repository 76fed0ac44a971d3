namespace Sightline.Scenarios;

/// <summary>A scenario that cannot run: a bad file, an app that does not build or start, a request that fails.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ScenarioException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
