using Sightline.Demo.Tests.Support;

namespace Sightline.Demo.Tests;

/// <summary>
/// Issue 12's end-to-end checks, on what one run of the demo command stored in the storage server: the sample shop
/// with the agent attached, orders and a failing refund, read back through the query API.
/// </summary>
public sealed class DemoTraceTests(RunningDemo demo) : IClassFixture<RunningDemo>
{
    [Fact]
    public void One_order_trace_spans_storefront_inventory_and_payment()
    {
        Assert.True(demo.OrderTraces.Count >= RunningDemo.Orders, $"{demo.OrderTraces.Count} POST /orders traces stored for {RunningDemo.Orders} orders{demo.Describe()}");
        Assert.Contains(demo.OrderTraces, t => t.Services.IsSupersetOf(["storefront", "inventory", "payment"]));
    }

    [Fact]
    public void Entry_exit_and_local_spans_have_the_right_parents()
    {
        var trace = PaidOrder();
        var why = trace.Describe();

        var root = Assert.Single(trace.Spans, s => s.ParentId is null);
        Assert.True(root is { Service: "storefront", Kind: "Entry", Operation: "POST /orders" }, why);
        var place = Assert.Single(trace.Spans, s => s.Operation == "OrderService.PlaceAsync");
        Assert.True(place.Kind == "Local" && trace.ParentOf(place) == root, "Local OrderService.PlaceAsync is not under the storefront's Entry span\n" + why);

        // Storefront → inventory over HttpClient: every inventory Entry span hangs under a storefront HTTP Exit span of PlaceAsync.
        var inventoryEntries = trace.Spans.Where(s => s is { Service: "inventory", Kind: "Entry" }).ToList();
        Assert.True(inventoryEntries.Count >= 2, "expected the product lookup and the reservation in the inventory\n" + why);
        foreach (var entry in inventoryEntries)
        {
            var exit = trace.ParentOf(entry);
            Assert.True(exit is { Service: "storefront", Kind: "Exit" } && exit.Tag("http.request.method") is not null && trace.ParentOf(exit) == place, $"{entry}'s parent is {exit?.ToString() ?? "missing"}, not a storefront HttpClient Exit span under PlaceAsync\n{why}");
        }

        var reservation = Assert.Single(inventoryEntries, s => s.Operation.StartsWith("POST /products/", StringComparison.Ordinal) && s.Operation.EndsWith("/reservations", StringComparison.Ordinal));
        var reserve = Assert.Single(trace.ChildrenOf(reservation), s => s.Operation == "StockRepository.ReserveAsync");
        Assert.Equal("Local", reserve.Kind);
        Assert.Contains(trace.ChildrenOf(reserve), s => s.Kind == "Exit" && s.Tag("db.system") is not null);

        // Storefront → payment over gRPC: the payment's Entry span hangs under the storefront's gRPC client Exit span.
        var charge = Assert.Single(trace.Spans, s => s is { Service: "payment", Kind: "Entry" });
        Assert.Equal("/shop.payment.v1.Payments/Charge", charge.Operation);
        var call = trace.ParentOf(charge);
        Assert.True(call is { Service: "storefront", Kind: "Exit" } && trace.ParentOf(call) == place, $"the payment's Entry span's parent is {call?.ToString() ?? "missing"}, not a storefront Exit span under PlaceAsync\n{why}");
        Assert.Equal("grpc", call!.Tag("rpc.system"));
        var authorize = Assert.Single(trace.ChildrenOf(charge), s => s.Operation == "CardAuthorizer.AuthorizeAsync");
        Assert.Equal("Local", authorize.Kind);
    }

    [Fact]
    public void The_sql_statement_is_recorded_on_the_inventory_database_spans()
    {
        var trace = PaidOrder();
        var database = trace.Spans.Where(s => s is { Service: "inventory", Kind: "Exit" } && s.Tag("db.system") is not null).ToList();
        Assert.True(database.Count >= 2, "no database Exit spans in the inventory\n" + trace.Describe());
        Assert.All(database, s => Assert.Equal("sqlite", s.Tag("db.system")));
        var statements = database.Select(s => s.Tag("db.query.text")).ToList();
        Assert.Contains("SELECT id, name, price_cents, stock FROM products WHERE id = @id", statements);
        Assert.Contains("UPDATE products SET stock = stock - @quantity WHERE id = @id AND stock >= @quantity RETURNING stock", statements);
    }

    [Fact]
    public void The_failing_refund_is_an_error_trace_whose_deepest_error_span_is_the_one_that_threw()
    {
        var trace = Assert.Single(demo.RefundTraces, t => t.Services.Contains("inventory"));
        var why = trace.Describe();
        var root = Assert.Single(trace.Spans, s => s.ParentId is null);
        Assert.True(root is { Service: "storefront", Kind: "Entry", IsError: true } && root.Tag("http.response.status_code") == "500", "the refund's Entry span is not a 500 error\n" + why);

        // The INSERT into the missing table threw; its span is the deepest error span of the whole trace.
        var deepest = trace.DeepestError();
        Assert.NotNull(deepest);
        Assert.True(deepest is { Service: "inventory", Kind: "Exit" }, $"the deepest error span is {deepest}, not the inventory's SQL span\n{why}");
        Assert.StartsWith("INSERT INTO stock_returns", deepest.Tag("db.query.text"), StringComparison.Ordinal);

        // From there up: the ledger that ran it, the repository's transaction, the endpoint, the storefront's call, RefundAsync, the root.
        string[] path = ["StockReturnLedger.RecordAsync", "StockRepository.ReturnAsync", "POST /products/{id}/returns"];
        var span = deepest;
        foreach (var operation in path)
        {
            span = trace.ParentOf(span!);
            Assert.True(span is not null && span.Operation == operation && span.Service == "inventory" && span.IsError, $"expected the error span '{operation}' in the inventory above {deepest}, found {span?.ToString() ?? "no parent"}\n{why}");
        }

        var returns = trace.ParentOf(span!);
        Assert.True(returns is { Service: "storefront", Kind: "Exit", IsError: true }, $"the inventory's Entry span's parent is {returns?.ToString() ?? "missing"}, not the storefront's failed HTTP Exit span\n{why}");
        var refund = trace.ParentOf(returns!);
        Assert.True(refund is { Operation: "OrderService.RefundAsync", Kind: "Local", IsError: true } && trace.ParentOf(refund) == root, $"the HTTP Exit span's parent is {refund?.ToString() ?? "missing"}, not the failed Local RefundAsync under the Entry span\n{why}");

        // The exception is recorded where it was thrown.
        var thrown = deepest.Events + trace.ParentOf(deepest)!.Events;
        Assert.Contains("SqliteException", thrown, StringComparison.Ordinal);
        Assert.Contains("no such table: stock_returns", thrown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_prints_an_order_tree_the_deepest_error_and_the_ui_address()
    {
        var output = demo.Output;
        Assert.NotNull(demo.PrintedOrder);
        Assert.True(demo.PrintedOrder.Services.IsSupersetOf(["storefront", "inventory", "payment"]), "the printed order trace does not span the three services\n" + demo.PrintedOrder.Describe());
        Assert.Contains("└─ OrderService.PlaceAsync", output, StringComparison.Ordinal);
        Assert.Contains("CardAuthorizer.AuthorizeAsync", output, StringComparison.Ordinal);

        Assert.NotNull(demo.PrintedRefund);
        var deepest = demo.PrintedRefund.DeepestError();
        Assert.Contains($"Deepest error span: Exit '{deepest?.Operation}' in inventory", output, StringComparison.Ordinal);
        Assert.Contains("SqliteException: SQLite Error 1: 'no such table: stock_returns'", output, StringComparison.Ordinal);
        Assert.Contains($"Open the web UI: http://localhost:{demo.Ports["ui"]}", output, StringComparison.Ordinal);
        Assert.Matches(@"storefront +\d+ traces", output);
        Assert.DoesNotContain("own exports", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_demo_kills_every_process_it_started_and_frees_every_port()
    {
        Assert.Equal(4, demo.ChildPids.Count);
        var code = await demo.StopAsync();
        Assert.True(code == 0, $"the demo exited with {code}{demo.Describe()}");
        Assert.Contains("Stopped; every process the demo started is gone", demo.Output, StringComparison.Ordinal);
        foreach (var pid in demo.ChildPids)
        {
            Assert.False(ProcessProbe.IsRunning(pid), $"process {pid} still runs after the demo stopped");
        }

        foreach (var (name, port) in demo.Ports)
        {
            Assert.True(Shop.Demo.DemoPorts.IsFree(port), $"port {port} ({name}) is still taken after the demo stopped");
        }
    }

    private StoredTrace PaidOrder()
    {
        var trace = demo.OrderTraces.FirstOrDefault(t => t.Spans.Any(s => s is { Service: "payment", Kind: "Entry" }) && !t.Spans.Any(s => s.IsError));
        Assert.True(trace is not null, "no paid order's trace reached the payment service:\n" + string.Join('\n', demo.OrderTraces.Select(t => t.Describe())) + demo.Describe());
        return trace;
    }
}
