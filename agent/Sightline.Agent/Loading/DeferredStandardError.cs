using System.Text;

namespace Sightline.Agent.Loading;

/// <summary>
/// Standard error, opened at the first line written: <see cref="Console.Error"/> costs several milliseconds the first
/// time (the console's encoding, often the globalization data), and the agent writes to it only when something is wrong.
/// </summary>
internal sealed class DeferredStandardError : TextWriter
{
    private readonly Lazy<TextWriter> _error = new(() => Console.Error);

    /// <inheritdoc />
    public override Encoding Encoding => _error.Value.Encoding;

    /// <inheritdoc />
    public override void Write(char value) => _error.Value.Write(value);

    /// <inheritdoc />
    public override void Write(string? value) => _error.Value.Write(value);

    /// <inheritdoc />
    public override void WriteLine(string? value) => _error.Value.WriteLine(value);

    /// <inheritdoc />
    public override void Flush()
    {
        if (_error.IsValueCreated)
        {
            _error.Value.Flush();
        }
    }
}
