using System.Text.Json;
using Microsoft.Playwright;
using Sightline.Storage.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sightline.Storage.UiTests.Trace;

/// <summary>The waterfall: span tree, details, root-cause hint, missing parents, URL state, JSON download.</summary>
public sealed class TracePageTests(BrowserFixture browser) : UiTest(browser)
{
    private ILocator Row(TestSpan span) => Page.Locator($".span-row[data-span-id='{span.SpanId}']");

    [Fact]
    public async Task Expanding_a_span_shows_its_tags_kind_status_process_and_events()
    {
        var checkout = ShopTraces.FailingCheckout();
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync($"#/trace/{checkout.Trace.TraceId}");
        await Expect(Page.Locator(".span-row")).ToHaveCountAsync(4);
        await Row(checkout.Orders).ClickAsync();

        var details = Page.Locator($".span-details[data-span-id='{checkout.Orders.SpanId}']");
        await Expect(details).ToBeVisibleAsync();
        await Expect(TagValue(details, "http.request.method")).ToHaveTextAsync("POST");
        await Expect(TagValue(details, "http.response.status_code")).ToHaveTextAsync("500");
        await Expect(Overview(details, "Kind")).ToHaveTextAsync("client");
        await Expect(Overview(details, "Status")).ToContainTextAsync("ERROR");
        await Expect(details.Locator(".process-table tr", new() { HasText = "host.name" })).ToContainTextAsync("ui-test-host");
        await Expect(details.Locator(".logs")).ToContainTextAsync("exception");
        await Expect(details.Locator(".logs")).ToContainTextAsync("order store failed");
        await Screenshots.SaveAsync(Page, "trace-span-details");

        // The URL reproduces the open span.
        Assert.Contains($"span={checkout.Orders.SpanId}", Page.Url, StringComparison.Ordinal);
        await Page.ReloadAsync();
        await Expect(TagValue(Page.Locator($".span-details[data-span-id='{checkout.Orders.SpanId}']"), "http.request.method")).ToHaveTextAsync("POST");

        // One span's details at a time; a second click on the same row closes them.
        await Row(checkout.Database).ClickAsync();
        await Expect(Page.Locator(".span-details")).ToHaveCountAsync(1);
        await Expect(TagValue(Page.Locator(".span-details"), "db.system")).ToHaveTextAsync("sqlite");
        await Expect(Row(checkout.Database)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Row(checkout.Orders)).ToHaveAttributeAsync("aria-selected", "false");
        await Row(checkout.Database).ClickAsync();
        await Expect(Page.Locator(".span-details")).ToHaveCountAsync(0);
        Assert.DoesNotContain("span=", Page.Url, StringComparison.Ordinal);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Span_data_is_shown_as_text_and_never_run_as_markup()
    {
        const string payload = "<img src=x onerror=alert(1)>";
        const string operation = "<script>window.__sightlineXss = 1</script>";
        var trace = new TestTrace();
        var root = trace.Add(new TestSpan
        {
            Service = "<b>evil-service</b>",
            Name = operation,
            Kind = 2,
            Attributes = { ["comment"] = payload, [payload] = "key as markup" },
            StatusMessage = payload,
            StatusCode = 2,
            Events = { (TimeSpan.FromMilliseconds(1), payload, new() { ["exception.message"] = payload }) },
        });
        await Server.IngestAsync(trace, Cancel);
        var dialogs = new List<string>();
        Page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };

        await OpenAsync($"#/trace/{trace.TraceId}?span={root.SpanId}");
        var details = Page.Locator($".span-details[data-span-id='{root.SpanId}']");
        await Expect(TagValue(details, "comment")).ToHaveTextAsync(payload);
        await Expect(details.Locator(".tags-table th", new() { HasText = payload })).ToHaveCountAsync(1);
        await Expect(Row(root).Locator(".operation")).ToHaveTextAsync(operation);
        await Expect(Row(root).Locator(".service")).ToHaveTextAsync("<b>evil-service</b>");
        await Expect(Page.Locator(".root-cause-message")).ToContainTextAsync(payload);
        await Expect(details.Locator(".logs")).ToContainTextAsync(payload);

        await OpenAsync("#/search?service=%3Cb%3Eevil-service%3C%2Fb%3E&lookback=1h");
        await Expect(Page.Locator(".root-operation")).ToHaveTextAsync(operation);
        await Screenshots.SaveAsync(Page, "xss-as-text");

        Assert.Equal(0, await Page.Locator("main img, main script, main b").CountAsync());
        Assert.Null(await Page.EvaluateAsync<int?>("() => window.__sightlineXss ?? null"));
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task A_span_whose_parent_never_arrived_is_shown_under_the_root_and_marked()
    {
        var checkout = ShopTraces.FailingCheckout();
        var orphan = checkout.Trace.Add(new TestSpan
        {
            Service = "inventory",
            Name = "reserve stock",
            ParentSpanId = TestTrace.NewSpanId(),
            Offset = TimeSpan.FromMilliseconds(30),
            Duration = TimeSpan.FromMilliseconds(5),
        });
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync($"#/trace/{checkout.Trace.TraceId}");
        await Expect(Page.Locator(".span-row")).ToHaveCountAsync(5);
        await Expect(Row(orphan)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("missing-parent"));
        await Expect(Row(orphan).Locator(".badge-missing")).ToHaveTextAsync("parent missing");
        await Expect(Page.Locator(".missing-note")).ToContainTextAsync("1 span whose parent never arrived");

        // Under the root: folding the root hides it together with the root's real children.
        await Row(checkout.Root).Locator(".toggle").ClickAsync();
        await Expect(Page.Locator(".span-row")).ToHaveCountAsync(1);
        await Row(checkout.Root).Locator(".toggle").ClickAsync();
        await Row(orphan).ClickAsync();
        await Expect(Overview(Page.Locator(".span-details"), "Parent")).ToContainTextAsync("never arrived; shown under frontend: GET /checkout");
        await Screenshots.SaveAsync(Page, "trace-missing-parent");
    }

    [Fact]
    public async Task A_trace_whose_root_never_arrived_is_drawn_from_its_earliest_span_and_marked_in_the_results()
    {
        var checkout = ShopTraces.FailingCheckout();
        checkout.Trace.Spans.Remove(checkout.Root);
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync("#/search?service=orders&lookback=1h");
        var result = Page.Locator($".result[data-trace-id='{checkout.Trace.TraceId}']");
        await Expect(result.Locator(".root-operation")).ToHaveTextAsync("POST /orders");
        await Expect(result.Locator(".badge-missing")).ToHaveTextAsync("root missing");

        await OpenAsync($"#/trace/{checkout.Trace.TraceId}");
        await Expect(Page.Locator(".span-row")).ToHaveCountAsync(3);
        await Expect(Page.Locator(".span-row").First).ToHaveAttributeAsync("data-span-id", checkout.Orders.SpanId);
        await Expect(Row(checkout.Orders).Locator(".badge-missing")).ToHaveTextAsync("parent missing");
        await Expect(Row(checkout.Payment).Locator(".badge-missing")).ToHaveTextAsync("parent missing");
        await Expect(Row(checkout.Database).Locator(".badge-missing")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_deepest_error_span_is_the_likely_root_cause_and_the_critical_path_is_marked()
    {
        var checkout = ShopTraces.FailingCheckout();
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync($"#/trace/{checkout.Trace.TraceId}");
        await Expect(Page.Locator(".root-cause-link")).ToHaveTextAsync("db: SELECT orders");
        await Expect(Page.Locator(".root-cause-message")).ToContainTextAsync("database is locked");
        await Expect(Page.Locator(".span-row.root-cause-span")).ToHaveCountAsync(1);
        await Expect(Row(checkout.Database).Locator(".badge-root-cause")).ToHaveTextAsync("likely root cause");
        await Expect(Page.Locator(".span-row.error")).ToHaveCountAsync(3);
        foreach (var span in new[] { checkout.Root, checkout.Orders, checkout.Database, checkout.Payment })
        {
            await Expect(Row(span)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("critical"));
        }

        await Page.ClickAsync(".root-cause-link");
        await Expect(Page.Locator($".span-details[data-span-id='{checkout.Database.SpanId}']")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "trace-root-cause");
    }

    [Fact]
    public async Task Collapsing_a_span_hides_its_subtree_and_the_url_keeps_it_folded()
    {
        var checkout = ShopTraces.FailingCheckout();
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync($"#/trace/{checkout.Trace.TraceId}");
        await Row(checkout.Orders).Locator(".toggle").ClickAsync();
        await Expect(Row(checkout.Database)).ToHaveCountAsync(0);
        await Expect(Row(checkout.Payment)).ToBeVisibleAsync();
        Assert.Contains($"collapsed={checkout.Orders.SpanId}", Page.Url, StringComparison.Ordinal);

        await Page.ReloadAsync();
        await Expect(Row(checkout.Payment)).ToBeVisibleAsync();
        await Expect(Row(checkout.Database)).ToHaveCountAsync(0);
        await Row(checkout.Orders).Locator(".toggle").ClickAsync();
        await Expect(Row(checkout.Database)).ToBeVisibleAsync();

        // The keyboard opens a span too.
        await Row(checkout.Payment).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator($".span-details[data-span-id='{checkout.Payment.SpanId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_trace_json_downloads_in_the_jaeger_model()
    {
        var checkout = ShopTraces.FailingCheckout();
        await Server.IngestAsync(checkout.Trace, Cancel);
        await OpenAsync($"#/trace/{checkout.Trace.TraceId}");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("button.download-json"));
        Assert.Equal($"trace-{checkout.Trace.TraceId}.json", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, Cancel));
        Assert.Equal(checkout.Trace.TraceId, json.RootElement.GetProperty("traceID").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("spans").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_trace_id_shows_a_clear_error()
    {
        await OpenAsync("#/trace/0123456789abcdef0123456789abcdef");
        await Expect(Page.Locator(".error-box")).ToContainTextAsync("not found");
    }

    private static ILocator TagValue(ILocator details, string key) =>
        details.Locator(".tags-table tr").Filter(new() { Has = details.Page.Locator("th", new() { HasTextString = key }) }).Locator("td.value");

    private static ILocator Overview(ILocator details, string name) =>
        details.Locator(".overview-table tr").Filter(new() { Has = details.Page.Locator("th", new() { HasTextString = name }) }).Locator("td.value");
}
