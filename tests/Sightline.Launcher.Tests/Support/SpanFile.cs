namespace Sightline.Launcher.Tests.Support;

/// <summary>Reads the agent's JSON-lines span file while the app is still writing it.</summary>
internal static class SpanFile
{
    /// <summary>Polls until a span line naming <paramref name="name"/> is written and returns it.</summary>
    public static async Task<string> WaitForSpanAsync(string file, string name, TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        var lines = new List<string>();
        while (!cancel.IsCancellationRequested)
        {
            lines = ReadLines(file);
            if (lines.FirstOrDefault(l => l.Contains($"\"name\":\"{name}\"", StringComparison.Ordinal)) is { } span)
            {
                return span;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no span '{name}' was exported; spans:\n{string.Join('\n', lines)}");
    }

    private static List<string> ReadLines(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // The exporter may be mid-line; a partial last line is read next time.
            if (line.EndsWith('}'))
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
