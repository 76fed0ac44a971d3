using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Storage.Hosting;

namespace Sightline.Storage.UiTests.Infrastructure;

/// <summary>
/// The real storage server, started exactly as users start it (<see cref="StorageHost"/>), on an ephemeral
/// loopback port with its own SQLite file; the UI files are served from the copy beside the tests.
/// </summary>
public sealed class StorageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private StorageServer(WebApplication app, string directory, Uri address, Uri otlpHttp)
    {
        _app = app;
        _directory = directory;
        Address = address;
        OtlpHttp = otlpHttp;
        Http = new HttpClient { BaseAddress = address };
    }

    /// <summary>The query API and the web UI.</summary>
    public Uri Address { get; }

    /// <summary>The OTLP/HTTP receiver.</summary>
    public Uri OtlpHttp { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a server; with a <paramref name="bearerToken"/> every API call needs it (the test client sends it).</summary>
    public static async Task<StorageServer> StartAsync(string? bearerToken, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-ui-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        List<string> args =
        [
            "--contentRoot", AppContext.BaseDirectory,
            "--SqlitePath", Path.Combine(directory, "spans.db"),
            "--QueryPort", "0", "--OtlpHttpPort", "0", "--OtlpGrpcPort", "0", "--GrpcPort", "0",
        ];
        if (bearerToken is not null)
        {
            args.AddRange(["--BearerToken", bearerToken]);
        }

        var app = StorageHost.Build([.. args]);
        await app.StartAsync(cancellationToken);
        var endpoints = app.Services.GetRequiredService<StorageEndpoints>();
        var server = new StorageServer(app, directory, endpoints.QueryUrl, endpoints.OtlpHttpUrl);
        if (bearerToken is not null)
        {
            server.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return server;
    }

    /// <summary>Sends the trace through OTLP/HTTP JSON and waits until the query API returns all its spans.</summary>
    public async Task IngestAsync(TestTrace trace, CancellationToken cancellationToken)
    {
        using var content = new StringContent(trace.ToOtlpJson(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(OtlpHttp, "/v1/traces"), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"OTLP ingest answered {(int)response.StatusCode}: {body}");

        // The server writes through a queue, so the spans become readable shortly after the 200.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await StoredSpanCountAsync(trace.TraceId, cancellationToken) >= trace.Spans.Count)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        Assert.Fail($"Trace {trace.TraceId} did not become readable with {trace.Spans.Count} spans.");
    }

    private async Task<int> StoredSpanCountAsync(string traceId, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri($"/api/traces/{traceId}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("data")[0].GetProperty("spans").GetArrayLength();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp folder behind; the test result does not depend on it.
            }
        }
    }
}
