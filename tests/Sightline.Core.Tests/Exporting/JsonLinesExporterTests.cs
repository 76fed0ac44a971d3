using System.Diagnostics;
using System.Text.Json;
using Sightline.Core.Exporting.JsonLines;
using Sightline.Core.Tests.Buffering;

namespace Sightline.Core.Tests.Exporting;

public sealed class JsonLinesExporterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sightline-jsonl-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Each_span_becomes_one_JSON_line_in_the_file()
    {
        var path = Path.Combine(_folder, "nested", "spans.jsonl");
        var exporter = JsonLinesExporter.ToFile(path);
        var root = TestSpans.Finished("GET /cart", kind: ActivityKind.Server);
        var child = TestSpans.Finished("SELECT cart", root, ActivityKind.Client);
        child.SetTag("db.rows", 3.5);
        child.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = 2 }));

        Assert.Equal(Spi.Exporting.ExportResult.Success, await exporter.ExportAsync([root, child], TestContext.Current.CancellationToken));
        await exporter.ShutdownAsync(TestContext.Current.CancellationToken);

        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(root.TraceId.ToHexString(), first.RootElement.GetProperty("traceId").GetString());
        Assert.False(first.RootElement.TryGetProperty("parentSpanId", out _));
        Assert.Equal("Server", first.RootElement.GetProperty("kind").GetString());
        Assert.Equal(root.SpanId.ToHexString(), second.RootElement.GetProperty("parentSpanId").GetString());
        Assert.Equal("SELECT cart", second.RootElement.GetProperty("name").GetString());
        var attributes = second.RootElement.GetProperty("attributes");
        Assert.Equal(42, attributes.GetProperty("test.number").GetInt64());
        Assert.Equal(3.5, attributes.GetProperty("db.rows").GetDouble());
        var retry = Assert.Single(second.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(2, retry.GetProperty("attributes").GetProperty("attempt").GetInt64());
        Assert.Equal(
            second.RootElement.GetProperty("startTimeUnixNano").GetInt64() + (child.Duration.Ticks * 100),
            second.RootElement.GetProperty("endTimeUnixNano").GetInt64());
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_a_clear_error_naming_it()
    {
        Directory.CreateDirectory(_folder);
        var error = Assert.Throws<IOException>(() => JsonLinesExporter.ToFile(_folder));
        Assert.Contains(_folder, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
