using System.Globalization;
using System.Text.Json;

namespace Shop.Demo;

/// <summary>Reads traces back through the storage server's HTTP query API (<c>/api/traces</c>, Jaeger's JSON).</summary>
public sealed class TraceQueryClient(HttpClient http)
{
    /// <summary>The newest traces with a span of <paramref name="service"/> (and <paramref name="operation"/>) that started after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<CapturedTrace>> FindAsync(string service, string? operation, DateTimeOffset since, CancellationToken cancellationToken, int limit = 2000)
    {
        var query = $"api/traces?service={Uri.EscapeDataString(service)}&limit={limit.ToString(CultureInfo.InvariantCulture)}"
            + $"&start={(since.ToUnixTimeMilliseconds() * 1000).ToString(CultureInfo.InvariantCulture)}";
        if (operation is not null)
        {
            query += "&operation=" + Uri.EscapeDataString(operation);
        }

        return await ReadAsync(query, cancellationToken);
    }

    public async Task<CapturedTrace?> GetAsync(string traceId, CancellationToken cancellationToken) =>
        (await ReadAsync("api/traces/" + Uri.EscapeDataString(traceId), cancellationToken)).FirstOrDefault();

    private async Task<IReadOnlyList<CapturedTrace>> ReadAsync(string query, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(query, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new DemoException($"the storage server answered {(int)response.StatusCode} to GET /{query}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? [.. data.EnumerateArray().Select(CapturedTrace.Read)]
            : [];
    }
}
