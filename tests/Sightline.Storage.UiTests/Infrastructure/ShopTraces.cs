namespace Sightline.Storage.UiTests.Infrastructure;

/// <summary>Traces shaped like the sample shop: frontend → orders → db, with an error at the bottom.</summary>
public static class ShopTraces
{
    public sealed record Checkout(TestTrace Trace, TestSpan Root, TestSpan Orders, TestSpan Database, TestSpan Payment);

    public static Checkout FailingCheckout()
    {
        var trace = new TestTrace();
        var root = trace.Add(new TestSpan
        {
            Service = "frontend",
            Name = "GET /checkout",
            Kind = 2,
            Duration = TimeSpan.FromMilliseconds(120),
            Attributes = { ["http.request.method"] = "GET", ["url.path"] = "/checkout" },
            StatusCode = 2,
        });
        var orders = trace.Add(new TestSpan
        {
            Service = "orders",
            Name = "POST /orders",
            Kind = 3,
            ParentSpanId = root.SpanId,
            Offset = TimeSpan.FromMilliseconds(10),
            Duration = TimeSpan.FromMilliseconds(80),
            Attributes = { ["http.request.method"] = "POST", ["http.response.status_code"] = "500" },
            StatusCode = 2,
            Events = { (TimeSpan.FromMilliseconds(70), "exception", new() { ["exception.message"] = "order store failed" }) },
        });
        var database = trace.Add(new TestSpan
        {
            Service = "db",
            Name = "SELECT orders",
            Kind = 3,
            ParentSpanId = orders.SpanId,
            Offset = TimeSpan.FromMilliseconds(20),
            Duration = TimeSpan.FromMilliseconds(40),
            Attributes = { ["db.system"] = "sqlite", ["db.statement"] = "SELECT * FROM orders" },
            StatusCode = 2,
            StatusMessage = "database is locked",
        });
        var payment = trace.Add(new TestSpan
        {
            Service = "payments",
            Name = "charge",
            Kind = 3,
            ParentSpanId = root.SpanId,
            Offset = TimeSpan.FromMilliseconds(95),
            Duration = TimeSpan.FromMilliseconds(20),
            StatusCode = 1,
        });
        return new Checkout(trace, root, orders, database, payment);
    }
}
