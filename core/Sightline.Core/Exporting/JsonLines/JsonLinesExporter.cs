using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting.JsonLines;

/// <summary>
/// A debugging storage plugin: one JSON object per span and line, to a file or the console. Ids are lowercase
/// hex, times are Unix nanoseconds, attribute values keep their JSON type where they have one.
/// </summary>
public sealed class JsonLinesExporter : ISpanExporter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Utf8JsonWriter _writer;

    /// <summary>Writes to <paramref name="stream"/>; disposes it on shutdown when <paramref name="ownsStream"/>.</summary>
    public JsonLinesExporter(Stream stream, bool ownsStream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
    }

    /// <inheritdoc />
    public string Name => "jsonl";

    /// <summary>Appends to the file at <paramref name="path"/>, creating it (and its folder) if needed.</summary>
    /// <exception cref="IOException">The file cannot be opened; the message names it.</exception>
    public static JsonLinesExporter ToFile(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return new JsonLinesExporter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), ownsStream: true);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException)
        {
            throw new IOException($"The span file '{path}' cannot be opened for appending: {exception.Message}", exception);
        }
    }

    /// <summary>Writes to standard output.</summary>
    public static JsonLinesExporter ToConsole() => new(Console.OpenStandardOutput(), ownsStream: false);

    /// <inheritdoc />
    public async Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _writer.Reset();
                WriteSpan(_writer, batch[i]);
                await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                await _stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            }

            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.RetryableFailure;
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes one span as a JSON object.</summary>
    public static void WriteSpan(Utf8JsonWriter writer, Activity span)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", span.TraceId.ToHexString());
        writer.WriteString("spanId", span.SpanId.ToHexString());
        if (span.ParentSpanId != default)
        {
            writer.WriteString("parentSpanId", span.ParentSpanId.ToHexString());
        }

        writer.WriteString("name", span.DisplayName);
        writer.WriteString("kind", span.Kind.ToString());
        writer.WriteString("source", span.Source.Name);
        var start = UnixNanos(span.StartTimeUtc);
        writer.WriteNumber("startTimeUnixNano", start);
        writer.WriteNumber("endTimeUnixNano", start + (span.Duration.Ticks * 100));
        writer.WriteString("status", span.Status.ToString());
        if (!string.IsNullOrEmpty(span.StatusDescription))
        {
            writer.WriteString("statusDescription", span.StatusDescription);
        }

        writer.WriteStartObject("attributes");
        foreach (var tag in span.TagObjects)
        {
            WriteValue(writer, tag.Key, tag.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("events");
        foreach (var activityEvent in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("name", activityEvent.Name);
            writer.WriteNumber("timeUnixNano", UnixNanos(activityEvent.Timestamp.UtcDateTime));
            writer.WriteStartObject("attributes");
            foreach (var tag in activityEvent.Tags)
            {
                WriteValue(writer, tag.Key, tag.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static long UnixNanos(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static void WriteValue(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case string text:
                writer.WriteString(key, text);
                break;
            case bool flag:
                writer.WriteBoolean(key, flag);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                writer.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
