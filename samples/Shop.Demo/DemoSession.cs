using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Shop.Demo;

/// <summary>
/// The running demo: the storage server and the three shop services with the agent attached. Disposing it kills
/// every process it started (whole trees) and removes its temp folder.
/// </summary>
public sealed class DemoSession : IDisposable
{
    public const string StorefrontService = "storefront";
    public const string InventoryService = "inventory";
    public const string PaymentService = "payment";

    /// <summary>
    /// The methods the agent's trace-methods plugin turns into Local spans, with no code in the shop: checkout and
    /// refund in the storefront, stock changes and the failing ledger write in the inventory, the card check in the
    /// payment service. Each service matches only its own types.
    /// </summary>
    public const string TracedMethods =
        "Shop.Storefront.Orders.OrderService[PlaceAsync,RefundAsync];"
        + "Shop.Inventory.Stock.StockRepository[ReserveAsync,ReturnAsync];"
        + "Shop.Inventory.Stock.StockReturnLedger[RecordAsync];"
        + "Shop.Payment.CardAuthorizer[AuthorizeAsync]";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly List<DemoProcess> _processes = [];
    private readonly bool _ownsWorkDirectory;

    private DemoSession(DemoPorts ports, string workDirectory, bool ownsWorkDirectory)
    {
        Ports = ports;
        WorkDirectory = workDirectory;
        _ownsWorkDirectory = ownsWorkDirectory;
    }

    public DemoPorts Ports { get; }

    /// <summary>Databases (traces, inventory) and the agent logs.</summary>
    public string WorkDirectory { get; }

    public string LogDirectory => Path.Combine(WorkDirectory, "agent-logs");

    public Uri QueryUrl => new($"http://127.0.0.1:{Ports.Ui}/");

    /// <summary>The address to open in a browser.</summary>
    public string UiAddress => $"http://localhost:{Ports.Ui}";

    public Uri StorefrontUrl => new($"http://127.0.0.1:{Ports.Storefront}/");

    public IReadOnlyList<DemoProcess> Processes => _processes;

    /// <summary>Starts the storage server, waits for its health check, then the three services, and waits until they answer.</summary>
    public static async Task<DemoSession> StartAsync(DemoOptions options, DemoApps apps, TextWriter output, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var ports = DemoPorts.Choose(options, notes);
        foreach (var note in notes)
        {
            output.WriteLine("Note: " + note);
        }

        var owned = options.DataDirectory is null;
        var work = owned ? Directory.CreateTempSubdirectory("sightline-demo-").FullName : Directory.CreateDirectory(options.DataDirectory!).FullName;
        var session = new DemoSession(ports, work, owned);
        try
        {
            output.WriteLine($"Work folder: {work} (trace and inventory databases, agent logs{(owned ? "; removed at exit" : string.Empty)})");
            await session.StartStorageAsync(apps, output, cancellationToken);
            await session.StartShopAsync(apps, output, cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // The storefront first, so no request is in flight towards a service already gone; the storage server last.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            _processes[i].Dispose();
        }

        _processes.Clear();
        if (_ownsWorkDirectory)
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still held open: the temp folder is cleaned by the system later.
            }
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private async Task StartStorageAsync(DemoApps apps, TextWriter output, CancellationToken cancellationToken)
    {
        var database = Path.Combine(WorkDirectory, "sightline-traces.db");
        output.Write($"Starting the storage server (SQLite {database}) ... ");
        var watch = Stopwatch.StartNew();
        var storage = DemoProcess.Start(
            "storage server",
            apps.Storage,
            [
                "--SqlitePath", database,
                "--QueryPort", Text(Ports.Ui),
                "--OtlpHttpPort", Text(Ports.OtlpHttp),
                "--OtlpGrpcPort", Text(Ports.OtlpGrpc),
                "--GrpcPort", Text(Ports.JaegerGrpc),
                "--contentRoot", apps.StorageContentRoot,
            ],
            new Dictionary<string, string>(),
            WorkDirectory);
        _processes.Add(storage);
        await WaitUntilAnswersAsync(storage, new Uri(QueryUrl, "healthz"), HttpVersion.Version11, cancellationToken);
        output.WriteLine($"ready in {watch.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"  storage server  pid {storage.Id}  UI and query API {QueryUrl}  OTLP/HTTP :{Ports.OtlpHttp}  OTLP/gRPC :{Ports.OtlpGrpc}");
    }

    private async Task StartShopAsync(DemoApps apps, TextWriter output, CancellationToken cancellationToken)
    {
        output.Write("Starting inventory, payment and storefront with the agent attached (DOTNET_STARTUP_HOOKS) ... ");
        var watch = Stopwatch.StartNew();
        var inventoryUrl = $"http://127.0.0.1:{Ports.Inventory}";
        var paymentUrl = $"http://127.0.0.1:{Ports.Payment}";
        var inventory = StartService(InventoryService, apps.Inventory, inventoryUrl, apps, new() { ["Shop__DatabasePath"] = Path.Combine(WorkDirectory, "inventory.db") });
        var payment = StartService(PaymentService, apps.Payment, paymentUrl, apps, []);
        var storefront = StartService(StorefrontService, apps.Storefront, StorefrontUrl.ToString().TrimEnd('/'), apps, new() { ["Shop__InventoryUrl"] = inventoryUrl, ["Shop__PaymentUrl"] = paymentUrl });
        await Task.WhenAll(
            WaitUntilAnswersAsync(inventory, new Uri(inventoryUrl + "/products"), HttpVersion.Version11, cancellationToken),
            // The payment service speaks HTTP/2 only; any answer (a 404 for this path) means it listens.
            WaitUntilAnswersAsync(payment, new Uri(paymentUrl + "/"), HttpVersion.Version20, cancellationToken),
            WaitUntilAnswersAsync(storefront, StorefrontUrl, HttpVersion.Version11, cancellationToken));
        output.WriteLine($"ready in {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var (process, url) in new[] { (inventory, inventoryUrl), (payment, paymentUrl), (storefront, StorefrontUrl.ToString().TrimEnd('/')) })
        {
            output.WriteLine($"  {process.Name,-14}  pid {process.Id}  {url}");
        }

        output.WriteLine($"  agent: {apps.Agent}");
        output.WriteLine($"  SIGHTLINE_TRACE_METHODS={TracedMethods}");
    }

    private DemoProcess StartService(string name, string dll, string url, DemoApps apps, Dictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["DOTNET_STARTUP_HOOKS"] = apps.Agent,
            ["OTEL_SERVICE_NAME"] = name,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Ports.OtlpHttp}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["SIGHTLINE_LOG_DIRECTORY"] = LogDirectory,
            ["SIGHTLINE_TRACE_METHODS"] = TracedMethods,
            // Spans reach the storage server a fifth of a second after they end rather than a second.
            ["SIGHTLINE_BATCH_DELAY_MS"] = "200",
        };
        var process = DemoProcess.Start(name, dll, ["--urls", url], environment, WorkDirectory);
        _processes.Add(process);
        return process;
    }

    private async Task WaitUntilAnswersAsync(DemoProcess process, Uri url, Version version, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // Let the output readers take the last lines the process wrote.
                await Task.Delay(200, cancellationToken);
                throw new DemoException($"the {process.Name} stopped while starting ({process.ExitDescription()}). Its last output:\n{process.Tail()}{AgentLog(process)}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                using var response = await http.SendAsync(request, cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer (a loaded machine, first requests compiling): ask again.
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new DemoException($"the {process.Name} did not answer on {url} within {StartTimeout.TotalSeconds:0} s. Its last output:\n{process.Tail()}{AgentLog(process)}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    // The agent's own log of that process (sightline-<pid>.log), which the temp folder would take away at exit.
    private string AgentLog(DemoProcess process)
    {
        var file = Path.Combine(LogDirectory, $"sightline-{process.Id}.log");
        if (!File.Exists(file))
        {
            return string.Empty;
        }

        var lines = File.ReadLines(file).TakeLast(15).Select(l => "    | " + l);
        return $"\nThe last lines of its agent log ({file}):\n{string.Join('\n', lines)}";
    }
}
