using System.Diagnostics;

namespace Shop.Demo;

/// <summary>The whole demo: start everything, send traffic, print what was captured, wait, stop everything.</summary>
public static class DemoFlow
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    /// <summary>Runs the demo until <paramref name="stop"/> (Ctrl+C, SIGTERM) or, with <c>--exit</c>/<c>--duration</c>, by itself; every process it started is killed on the way out, whatever happens.</summary>
    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, bool interactive, CancellationToken stop)
    {
        output.WriteLine("Sightline demo: the sample shop (storefront → inventory over HTTP, → payment over gRPC; inventory → SQLite)");
        output.WriteLine("with the Sightline agent attached, exporting to the Sightline storage server.");
        output.WriteLine();
        DemoSession? session = null;
        try
        {
            var apps = DemoApps.Locate();
            // The storage server's clock and ours are the same machine's; a second's slack covers rounding.
            var since = DateTimeOffset.UtcNow.AddSeconds(-1);
            session = await DemoSession.StartAsync(options, apps, output, stop);
            output.WriteLine($"  ports: ui {session.Ports.Ui}, otlp-http {session.Ports.OtlpHttp}, otlp-grpc {session.Ports.OtlpGrpc}, jaeger-grpc {session.Ports.JaegerGrpc}, storefront {session.Ports.Storefront}, inventory {session.Ports.Inventory}, payment {session.Ports.Payment}");
            output.WriteLine();

            using var storefront = new HttpClient { BaseAddress = session.StorefrontUrl, Timeout = TimeSpan.FromSeconds(60) };
            output.WriteLine($"Sending traffic to the storefront ({session.StorefrontUrl}):");
            var watch = Stopwatch.StartNew();
            var traffic = await new TrafficGenerator(storefront, output, interactive).SendAsync(options, stop);
            output.WriteLine($"  {traffic.Requests} requests in {watch.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine();

            using var queryHttp = new HttpClient { BaseAddress = session.QueryUrl, Timeout = TimeSpan.FromSeconds(30) };
            var capture = await new CaptureReport(new TraceQueryClient(queryHttp), output).WaitAndPrintAsync(options, since, stop);
            PrintUi(output, session, capture);
            await WaitAsync(options, output, stop);
            return capture.Complete && traffic.Surprises.Count == 0 ? Succeeded : Failed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.WriteLine();
            output.WriteLine("Interrupted.");
            return Interrupted;
        }
        catch (DemoException e)
        {
            output.WriteLine();
            output.WriteLine("Shop.Demo: " + e.Message);
            return Failed;
        }
        catch (HttpRequestException e)
        {
            output.WriteLine();
            output.WriteLine($"Shop.Demo: a request failed: {e.Message}");
            output.WriteLine(Tails(session));
            return Failed;
        }
        finally
        {
            if (session is not null)
            {
                output.WriteLine($"Stopping {session.Processes.Count} processes (storage server, inventory, payment, storefront) ...");
                session.Dispose();
                output.WriteLine("Stopped; every process the demo started is gone and its ports are free.");
            }
        }
    }

    private static void PrintUi(TextWriter output, DemoSession session, CaptureResult capture)
    {
        output.WriteLine();
        output.WriteLine($"Open the web UI: {session.UiAddress}");
        output.WriteLine($"  search the storefront's traces: {session.UiAddress}/#/search?service={DemoSession.StorefrontService}");
        if (capture.OrderTrace is { } order)
        {
            output.WriteLine($"  the order above:                {session.UiAddress}/#/trace/{order.TraceId}");
        }

        if (capture.RefundTrace is { } refund)
        {
            output.WriteLine($"  the failed refund:              {session.UiAddress}/#/trace/{refund.TraceId}");
        }

        output.WriteLine($"  the service map:                {session.UiAddress}/#/dependencies");
        output.WriteLine();
    }

    private static async Task WaitAsync(DemoOptions options, TextWriter output, CancellationToken stop)
    {
        if (options.Exit)
        {
            output.WriteLine("--exit: stopping now.");
            return;
        }

        if (options.DurationSeconds is { } seconds)
        {
            output.WriteLine($"Running for {seconds} s (Ctrl+C stops sooner) ...");
        }
        else
        {
            output.WriteLine("Running until Ctrl+C ... (the storefront's restock job keeps sending a request every 5 s)");
        }

        try
        {
            await Task.Delay(options.DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : Timeout.InfiniteTimeSpan, stop);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: the normal way out.
        }
    }

    private static string Tails(DemoSession? session) =>
        session is null ? string.Empty : string.Join('\n', session.Processes.Select(p => $"  {p.Name} ({p.ExitDescription()}), last output:\n{p.Tail(10)}"));
}
