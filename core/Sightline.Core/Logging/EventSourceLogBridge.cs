using System.Diagnostics.Tracing;
using Sightline.Core.Configuration;

namespace Sightline.Core.Logging;

/// <summary>
/// The one listener that writes the agent's EventSources (every source named <c>Sightline-*</c>) to the agent log,
/// so each assembly keeps a single diagnostics channel (STYLE.md habit 7) and users still read one file.
/// </summary>
public sealed class EventSourceLogBridge : EventListener
{
    private const string Prefix = "Sightline-";
    private readonly List<EventSource> _pending = [];
    private AgentLog? _log;

    /// <summary>Starts forwarding to <paramref name="log"/>.</summary>
    public EventSourceLogBridge(AgentLog log)
    {
        // OnEventSourceCreated runs from the base constructor, before _log is set: enable those sources now.
        _log = log;
        lock (_pending)
        {
            foreach (var source in _pending)
            {
                EnableEvents(source, Level(log.Level));
            }

            _pending.Clear();
        }
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (!eventSource.Name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        if (_log is { } log)
        {
            EnableEvents(eventSource, Level(log.Level));
            return;
        }

        lock (_pending)
        {
            _pending.Add(eventSource);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_log is not { } log)
        {
            return;
        }

        var message = eventData.Message is { Length: > 0 } format && eventData.Payload is { } payload
            ? SafeFormat(format, payload)
            : eventData.EventName ?? eventData.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var line = $"{eventData.EventSource.Name}: {message}";
        switch (eventData.Level)
        {
            case EventLevel.Critical or EventLevel.Error:
                log.Error(line);
                break;
            case EventLevel.Warning:
                log.Warn(line);
                break;
            case EventLevel.Informational:
                log.Info(line);
                break;
            default:
                log.Debug(line);
                break;
        }
    }

    private static string SafeFormat(string format, IReadOnlyCollection<object?> payload)
    {
        try
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, [.. payload]);
        }
        catch (FormatException)
        {
            return format + " " + string.Join(", ", payload);
        }
    }

    private static EventLevel Level(AgentLogLevel level) => level switch
    {
        AgentLogLevel.Debug => EventLevel.Verbose,
        AgentLogLevel.Information => EventLevel.Informational,
        AgentLogLevel.Warning => EventLevel.Warning,
        _ => EventLevel.Error,
    };
}
