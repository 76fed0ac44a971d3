using System.Globalization;
using System.Text;
using Sightline.Core.Configuration;

namespace Sightline.Core.Logging;

/// <summary>
/// The agent's own log: one file per process (<c>sightline-&lt;pid&gt;.log</c>) in the configured folder, errors also
/// on standard error. Never throws: when the folder cannot be written it falls back to the temp folder, then to
/// standard error alone.
/// </summary>
public sealed class AgentLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TextWriter _errors;
    private readonly HashSet<string> _onceKeys = [];
    private TextWriter? _file;

    /// <summary>Opens the log in <paramref name="directory"/> at <paramref name="level"/>.</summary>
    public AgentLog(string directory, AgentLogLevel level, TextWriter? errors = null)
    {
        Level = level;
        _errors = errors ?? Console.Error;
        if (level == AgentLogLevel.Off)
        {
            return;
        }

        foreach (var candidate in new[] { directory, Path.Combine(Path.GetTempPath(), "sightline") })
        {
            try
            {
                Directory.CreateDirectory(candidate);
                var path = Path.Combine(candidate, $"sightline-{Environment.ProcessId}.log");
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                _file = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
                FilePath = path;
                break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                WriteError($"Sightline: cannot write the agent log in {candidate} ({ex.Message}).");
            }
        }
    }

    /// <summary>The log file, or null when none could be opened.</summary>
    public string? FilePath { get; }

    /// <summary>The least severe level written.</summary>
    public AgentLogLevel Level { get; }

    /// <summary>True when a message at <paramref name="level"/> would be written.</summary>
    public bool IsEnabled(AgentLogLevel level) => level >= Level && level != AgentLogLevel.Off;

    /// <summary>Writes a debug line.</summary>
    public void Debug(string message) => Write(AgentLogLevel.Debug, message, null);

    /// <summary>Writes an information line.</summary>
    public void Info(string message) => Write(AgentLogLevel.Information, message, null);

    /// <summary>Writes a warning line.</summary>
    public void Warn(string message) => Write(AgentLogLevel.Warning, message, null);

    /// <summary>Writes an error line, with the exception's stack, to the file and standard error.</summary>
    public void Error(string message, Exception? exception = null) => Write(AgentLogLevel.Error, message, exception);

    /// <summary>Writes the line only the first time <paramref name="key"/> is seen, so a repeated failure is logged once.</summary>
    public void Once(string key, AgentLogLevel level, string message, Exception? exception = null)
    {
        lock (_gate)
        {
            if (!_onceKeys.Add(key))
            {
                return;
            }
        }

        Write(level, message, exception);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void Write(AgentLogLevel level, string message, Exception? exception)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        // The time is written field by field, not with a custom date format: parsing that format and writing its digits
        // is framework code generic over char and DateTimeOffset, JIT-compiled at start-up (ReadyToRun cannot hold it).
        var t = DateTime.UtcNow;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{t.Year:D4}-{t.Month:D2}-{t.Day:D2}T{t.Hour:D2}:{t.Minute:D2}:{t.Second:D2}.{t.Millisecond:D3}Z {Name(level)} [{Environment.CurrentManagedThreadId}] {message}");
        if (exception is not null)
        {
            line += Environment.NewLine + exception;
        }

        lock (_gate)
        {
            try
            {
                _file?.WriteLine(line);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // A full disk must not take the application down; errors still reach standard error below.
            }
        }

        if (level >= AgentLogLevel.Error)
        {
            WriteError("Sightline: " + message + (exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})"));
        }
    }

    private void WriteError(string line)
    {
        try
        {
            _errors.WriteLine(line);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Standard error closed by the host: nothing left to tell.
        }
    }

    private static string Name(AgentLogLevel level) => level switch
    {
        AgentLogLevel.Debug => "DEBUG",
        AgentLogLevel.Information => "INFO ",
        AgentLogLevel.Warning => "WARN ",
        _ => "ERROR",
    };
}
