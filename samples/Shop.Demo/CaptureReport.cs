using System.Diagnostics;

namespace Shop.Demo;

/// <summary>Waits until the traffic's spans are in the storage server, then prints what was captured.</summary>
public sealed class CaptureReport(TraceQueryClient query, TextWriter output)
{
    private const string OrderRoute = "/orders";
    private const string RefundRoute = "/orders/{id}/refund";
    private const string ExportPath = "/v1/traces";

    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(90);

    // Spans of one trace come from three processes, each exporting every 200 ms; this long without a change, it is whole.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private static readonly string[] Services = [DemoSession.StorefrontService, DemoSession.InventoryService, DemoSession.PaymentService];

    public async Task<CaptureResult> WaitAndPrintAsync(DemoOptions options, DateTimeOffset since, CancellationToken cancellationToken)
    {
        output.Write("Waiting for the spans to reach the storage server ... ");
        var watch = Stopwatch.StartNew();
        CapturedTrace? order = null, refund = null;
        List<string> missing;
        while (true)
        {
            var storefront = await query.FindAsync(DemoSession.StorefrontService, null, since, cancellationToken);
            order = options.Orders == 0 ? null : storefront.FirstOrDefault(IsWholeOrder);
            refund = options.Refunds == 0 ? null : storefront.FirstOrDefault(IsFailedRefund);
            missing = Missing(options, order, refund);
            if (missing.Count == 0 || watch.Elapsed > ArrivalTimeout)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        if (missing.Count == 0)
        {
            // The last spans of the chosen traces may still be on their way from another process.
            await Task.Delay(Settle, cancellationToken);
            order = order is null ? null : await query.GetAsync(order.TraceId, cancellationToken) ?? order;
            refund = refund is null ? null : await query.GetAsync(refund.TraceId, cancellationToken) ?? refund;
            output.WriteLine($"done in {watch.Elapsed.TotalSeconds:0.0} s");
        }
        else
        {
            output.WriteLine($"gave up after {ArrivalTimeout.TotalSeconds:0} s");
        }

        var counts = new Dictionary<string, int>();
        var all = new HashSet<string>();
        var exports = new HashSet<string>();
        foreach (var service in Services)
        {
            var traces = await query.FindAsync(service, null, since, cancellationToken);
            var (own, shop) = (traces.Where(IsAgentExport).ToList(), traces.Where(t => !IsAgentExport(t)).ToList());
            counts[service] = shop.Count;
            all.UnionWith(shop.Select(t => t.TraceId));
            exports.UnionWith(own.Select(t => t.TraceId));
        }

        var result = new CaptureResult(counts, all.Count, exports.Count, order, refund, missing);
        Print(result);
        return result;
    }

    private static List<string> Missing(DemoOptions options, CapturedTrace? order, CapturedTrace? refund)
    {
        var missing = new List<string>();
        if (options.Orders > 0 && order is null)
        {
            missing.Add("no trace of a paid order (POST /orders) with spans of storefront, inventory and payment");
        }

        if (options.Refunds > 0 && refund is null)
        {
            missing.Add("no trace of a refund (POST /orders/{id}/refund) with an error span in the inventory");
        }

        return missing;
    }

    private static bool IsEntryOf(TraceSpan span, string method, string route) =>
        span.Service == DemoSession.StorefrontService && span.Kind == "Entry"
        && (span.Operation == $"{method} {route}" || (span.Tags.GetValueOrDefault("http.route") == route && span.Tags.GetValueOrDefault("http.request.method") == method));

    // The agent's own OTLP/HTTP export requests, traced by the HttpClient plugin when the agent does not suppress them.
    private static bool IsAgentExport(CapturedTrace trace) =>
        trace.Spans.All(s => s.Kind == "Exit" && s.Tags.GetValueOrDefault("url.full")?.EndsWith(ExportPath, StringComparison.Ordinal) == true);

    private static bool IsWholeOrder(CapturedTrace trace) =>
        trace.Spans.Any(s => IsEntryOf(s, "POST", OrderRoute))
        && trace.Services.IsSupersetOf(Services)
        && !trace.Spans.Any(s => s.IsError);

    private static bool IsFailedRefund(CapturedTrace trace) =>
        trace.Spans.Any(s => IsEntryOf(s, "POST", RefundRoute))
        && trace.Spans.Any(s => s.Service == DemoSession.InventoryService && s.IsError);

    private void Print(CaptureResult result)
    {
        output.WriteLine();
        output.WriteLine($"Captured {result.Traces} traces since the demo started:");
        foreach (var (service, count) in result.TracesByService)
        {
            output.WriteLine($"  {service,-11} {count,5} traces{(service == DemoSession.StorefrontService ? "  (its background restock job adds one every 5 s)" : string.Empty)}");
        }

        if (result.ExportTraces > 0)
        {
            // The agent suppresses its own calls; traces of its exports mean that guarantee broke.
            output.WriteLine($"  and {result.ExportTraces} traces of the agents' own exports to the storage server (POST {ExportPath}): the agent should never trace these, please report it");
        }

        if (result.OrderTrace is { } order)
        {
            output.WriteLine();
            output.WriteLine($"One order (POST /orders), trace {order.TraceId}: {order.Spans.Count} spans in {order.Services.Count} services");
            TraceTreePrinter.Write(output, order);
            var statements = order.Spans.Select(s => s.Tags.GetValueOrDefault("db.query.text")).OfType<string>().Distinct().ToList();
            if (statements.Count > 0)
            {
                output.WriteLine("  SQL recorded on the inventory's database spans (db.query.text):");
                foreach (var statement in statements)
                {
                    output.WriteLine("    " + OneLine(statement));
                }
            }
        }

        if (result.RefundTrace is { } refund && refund.DeepestError() is { } deepest)
        {
            var errors = refund.Spans.Count(s => s.IsError);
            output.WriteLine();
            output.WriteLine($"One refund (POST /orders/{{id}}/refund → 500), trace {refund.TraceId}: {errors} of {refund.Spans.Count} spans are errors. The path to the deepest one:");
            TraceTreePrinter.Write(output, refund, refund.PathTo(deepest).ToHashSet(), s => s == deepest ? "error  ← deepest error span" : s.IsError ? "error" : string.Empty);
            output.WriteLine($"  Deepest error span: {deepest.Kind} '{deepest.Operation}' in {deepest.Service}");
            var error = deepest.ErrorText ?? refund.PathTo(deepest).Select(s => s.ErrorText).LastOrDefault(t => t is not null);
            if (error is not null)
            {
                output.WriteLine("    error: " + OneLine(error));
            }

            if (deepest.Tags.GetValueOrDefault("db.query.text") is { } statement)
            {
                output.WriteLine("    SQL:   " + OneLine(statement));
            }
        }

        foreach (var line in result.Missing)
        {
            output.WriteLine("Missing: " + line + ".");
        }
    }

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 160 ? line[..159] + "…" : line;
    }
}
