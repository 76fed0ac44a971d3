namespace Sightline.Patching;

/// <summary>
/// A failure inside the engine while building or installing a replacement. It carries the IL listing of the
/// replacement that was being built, when there is one, so the cause can be read without a debugger.
/// </summary>
public sealed class PatchingException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public PatchingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    public PatchingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a message, the cause and the emitted IL listing.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    /// <param name="ilListing">The replacement's IL, one instruction a line.</param>
    public PatchingException(string message, Exception? innerException, string ilListing)
        : base(message, innerException)
    {
        IlListing = ilListing;
    }

    /// <summary>Creates an exception with no message (serialization and tooling).</summary>
    public PatchingException()
    {
    }

    /// <summary>The IL of the replacement being built, or empty.</summary>
    public string IlListing { get; } = string.Empty;
}
