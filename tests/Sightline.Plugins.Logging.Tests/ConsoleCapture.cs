using System.Text;

namespace Sightline.Plugins.Logging.Tests;

/// <summary>
/// Points <see cref="Console.Out"/> at a buffer while it lives. The console logger takes <c>Console.Out</c> when its
/// provider is built, so create the logger factory inside the capture and dispose it (which flushes its queue)
/// before reading <see cref="Text"/>. Process-wide: the tests that use it sit in one class, which runs them one by one.
/// </summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _original = Console.Out;
    private readonly StringBuilder _buffer = new();

    public ConsoleCapture() => Console.SetOut(TextWriter.Synchronized(new StringWriter(_buffer)));

    public string Text
    {
        get
        {
            lock (_buffer)
            {
                return _buffer.ToString();
            }
        }
    }

    public void Dispose() => Console.SetOut(_original);
}
