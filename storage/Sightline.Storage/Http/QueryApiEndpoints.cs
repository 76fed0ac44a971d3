using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Sightline.Storage.Conversion;
using Sightline.Storage.Hosting;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Storage.Http;

/// <summary>
/// The Jaeger-compatible HTTP query API the web UI uses: services, operations, trace search, trace by id,
/// dependencies. Parameters are validated and answered 400 with the reason; they only ever reach SQL as parameters.
/// </summary>
public static class QueryApiEndpoints
{
    private static readonly long DefaultLookbackNanos = (long)TimeSpan.FromDays(2).TotalMilliseconds * 1_000_000;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/services", async (ISpanStore store, CancellationToken ct) =>
        {
            var services = await store.GetServicesAsync(ct).ConfigureAwait(false);
            return Results.Json(QueryEnvelope.Ok(services, services.Count));
        });
        routes.MapGet("/api/services/{service}/operations", async (string service, ISpanStore store, CancellationToken ct) =>
        {
            var names = (await store.GetOperationsAsync(service, null, ct).ConfigureAwait(false)).Select(o => o.Name).Distinct().ToList();
            return Results.Json(QueryEnvelope.Ok(names, names.Count));
        });
        routes.MapGet("/api/operations", async (HttpRequest request, ISpanStore store, CancellationToken ct) =>
        {
            var service = request.Query["service"].ToString();
            if (string.IsNullOrEmpty(service))
            {
                return BadRequest("parameter 'service' is required");
            }

            var operations = await store.GetOperationsAsync(service, request.Query["spanKind"].ToString(), ct).ConfigureAwait(false);
            var data = operations.Select(o => new Dictionary<string, string> { ["name"] = o.Name, ["spanKind"] = o.SpanKind }).ToList();
            return Results.Json(QueryEnvelope.Ok(data, data.Count));
        });
        routes.MapGet("/api/traces/{traceId}", GetTraceAsync);
        routes.MapGet("/api/traces", SearchAsync);
        routes.MapGet("/api/dependencies", GetDependenciesAsync);
    }

    private static async Task GetTraceAsync(string traceId, HttpContext context, ISpanStore store)
    {
        if (!TraceId.TryParseHex(traceId, out var id))
        {
            await WriteAsync(context, 400, QueryEnvelope.Error(400, $"'{Shorten(traceId)}' is not a hex trace id of at most 32 digits")).ConfigureAwait(false);
            return;
        }

        var spans = await store.GetTraceAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (spans.Count == 0)
        {
            await WriteAsync(context, 404, QueryEnvelope.Error(404, "trace not found")).ConfigureAwait(false);
            return;
        }

        await WriteTracesAsync(context, [(id, spans)], []).ConfigureAwait(false);
    }

    private static async Task SearchAsync(HttpContext context, ISpanStore store, IOptions<StorageOptions> options)
    {
        var query = context.Request.Query;
        var ct = context.RequestAborted;
        if (query["traceID"].Count > 0)
        {
            var traces = new List<(TraceId, IReadOnlyList<StoredSpan>)>();
            var errors = new List<QueryError>();
            foreach (var text in query["traceID"].Take(options.Value.MaxTracesPerQuery))
            {
                if (!TraceId.TryParseHex(text, out var id))
                {
                    await WriteAsync(context, 400, QueryEnvelope.Error(400, $"'{Shorten(text)}' is not a hex trace id of at most 32 digits")).ConfigureAwait(false);
                    return;
                }

                var spans = await store.GetTraceAsync(id, ct).ConfigureAwait(false);
                if (spans.Count == 0)
                {
                    errors.Add(new QueryError(404, "trace not found", id.ToHex()));
                }
                else
                {
                    traces.Add((id, spans));
                }
            }

            await WriteTracesAsync(context, traces, errors).ConfigureAwait(false);
            return;
        }

        if (!TryParseSearch(query, options.Value, out var traceQuery, out var error))
        {
            await WriteAsync(context, 400, QueryEnvelope.Error(400, error)).ConfigureAwait(false);
            return;
        }

        var found = await store.FindTraceIdsAsync(traceQuery, ct).ConfigureAwait(false);
        var results = new List<(TraceId, IReadOnlyList<StoredSpan>)>();
        foreach (var slice in found.Chunk(ISpanStore.TracesPerRead))
        {
            var traces = await store.GetTracesAsync([.. slice.Select(f => f.TraceId)], ct).ConfigureAwait(false);
            for (var i = 0; i < slice.Length; i++)
            {
                results.Add((slice[i].TraceId, traces[i]));
            }
        }

        await WriteTracesAsync(context, results, []).ConfigureAwait(false);
    }

    internal static bool TryParseSearch(IQueryCollection query, StorageOptions options, out TraceQuery result, out string error)
    {
        result = new TraceQuery();
        error = string.Empty;
        var service = query["service"].ToString();
        if (string.IsNullOrEmpty(service))
        {
            error = "parameter 'service' is required";
            return false;
        }

        long end = TimeUnits.NowNanos(), start;
        if (!TryMicros(query["end"], "end", ref end, ref error))
        {
            return false;
        }

        start = end - DefaultLookbackNanos;
        if (!TryMicros(query["start"], "start", ref start, ref error))
        {
            return false;
        }

        if (start > end)
        {
            error = "'start' is after 'end'";
            return false;
        }

        var limit = 100;
        if (query["limit"].Count > 0 && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            error = "'limit' must be a non-negative integer";
            return false;
        }

        long? minDuration = null, maxDuration = null;
        if (query["minDuration"].Count > 0 && !string.IsNullOrEmpty(query["minDuration"]))
        {
            if (!GoDurationParser.TryParse(query["minDuration"], out var value))
            {
                error = "'minDuration' is not a duration such as 1.2s, 100ms or 500us";
                return false;
            }

            minDuration = value;
        }

        if (query["maxDuration"].Count > 0 && !string.IsNullOrEmpty(query["maxDuration"]))
        {
            if (!GoDurationParser.TryParse(query["maxDuration"], out var value))
            {
                error = "'maxDuration' is not a duration such as 1.2s, 100ms or 500us";
                return false;
            }

            maxDuration = value;
        }

        if (minDuration > maxDuration)
        {
            error = "'maxDuration' must be greater than or equal to 'minDuration'";
            return false;
        }

        var tags = new List<KeyValuePair<string, string>>();
        if (!TryTags(query, tags, ref error))
        {
            return false;
        }

        result = new TraceQuery
        {
            Service = service,
            Operation = query["operation"].ToString(),
            Tags = tags,
            StartMinNanos = start,
            StartMaxNanos = end,
            DurationMinNanos = minDuration,
            DurationMaxNanos = maxDuration,
            Limit = Math.Clamp(limit == 0 ? 100 : limit, 1, options.MaxTracesPerQuery),
        };
        return true;
    }

    private static bool TryMicros(StringValues values, string name, ref long nanos, ref string error)
    {
        if (values.Count == 0 || string.IsNullOrEmpty(values))
        {
            return true;
        }

        if (!long.TryParse(values, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros) || micros < 0)
        {
            error = $"'{name}' must be microseconds since the epoch";
            return false;
        }

        nanos = TimeUnits.MicrosToNanos(micros);
        return true;
    }

    private static bool TryTags(IQueryCollection query, List<KeyValuePair<string, string>> tags, ref string error)
    {
        foreach (var json in query["tags"])
        {
            if (string.IsNullOrEmpty(json))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = "'tags' must be a JSON object of strings";
                    return false;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var value = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!,
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Number => property.Value.GetRawText(),
                        _ => null,
                    };
                    if (value is null)
                    {
                        error = $"tag '{Shorten(property.Name)}' must have a string value";
                        return false;
                    }

                    tags.Add(new(property.Name, value));
                }
            }
            catch (JsonException ex)
            {
                error = $"'tags' is not valid JSON: {ex.Message}";
                return false;
            }
        }

        foreach (var tag in query["tag"])
        {
            var separator = tag?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (separator <= 0)
            {
                error = $"'tag' must look like key:value, got '{Shorten(tag)}'";
                return false;
            }

            tags.Add(new(tag![..separator], tag[(separator + 1)..]));
        }

        if (tags.Count > 64)
        {
            error = "at most 64 tags per search";
            return false;
        }

        return true;
    }

    private static async Task GetDependenciesAsync(HttpContext context, ISpanStore store)
    {
        var query = context.Request.Query;
        var endMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lookbackMillis = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        if ((query["endTs"].Count > 0 && (!long.TryParse(query["endTs"], NumberStyles.None, CultureInfo.InvariantCulture, out endMillis) || endMillis > long.MaxValue / 1_000_000))
            || (query["lookback"].Count > 0 && (!long.TryParse(query["lookback"], NumberStyles.None, CultureInfo.InvariantCulture, out lookbackMillis) || lookbackMillis > long.MaxValue / 1_000_000)))
        {
            await WriteAsync(context, 400, QueryEnvelope.Error(400, "'endTs' and 'lookback' must be non-negative milliseconds")).ConfigureAwait(false);
            return;
        }

        var end = endMillis * 1_000_000;
        var start = Math.Max(0, end - (lookbackMillis * 1_000_000));
        var service = query["service"].ToString();
        var edges = (await store.GetDependenciesAsync(start, end, context.RequestAborted).ConfigureAwait(false))
            .Where(e => string.IsNullOrEmpty(service) || e.Parent == service || e.Child == service)
            .Select(e => new Dictionary<string, object> { ["parent"] = e.Parent, ["child"] = e.Child, ["callCount"] = e.CallCount })
            .ToList();
        await WriteAsync(context, 200, QueryEnvelope.Ok(edges, edges.Count)).ConfigureAwait(false);
    }

    private static async Task WriteTracesAsync(HttpContext context, List<(TraceId Id, IReadOnlyList<StoredSpan> Spans)> traces, List<QueryError> errors)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var (id, spans) in traces)
        {
            UiTraceWriter.Write(writer, id, spans.Select(StoredSpanDecoder.ToJaeger).ToList());
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }

        writer.WriteEndArray();
        writer.WriteNumber("total", traces.Count);
        writer.WriteNumber("limit", 0);
        writer.WriteNumber("offset", 0);
        if (errors.Count == 0)
        {
            writer.WriteNull("errors");
        }
        else
        {
            writer.WriteStartArray("errors");
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", error.Code);
                writer.WriteString("msg", error.Msg);
                if (error.TraceId is not null)
                {
                    writer.WriteString("traceID", error.TraceId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static IResult BadRequest(string message) => Results.Json(QueryEnvelope.Error(400, message), statusCode: 400);

    private static Task WriteAsync(HttpContext context, int status, QueryEnvelope envelope)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(envelope, context.RequestAborted);
    }

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length > 64 ? text[..64] + "…" : text;
}
