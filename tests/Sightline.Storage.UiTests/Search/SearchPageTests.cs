using Microsoft.Playwright;
using Sightline.Storage.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sightline.Storage.UiTests.Search;

/// <summary>The search form and its results, against spans written through OTLP.</summary>
public sealed class SearchPageTests(BrowserFixture browser) : UiTest(browser)
{
    [Fact]
    public async Task Search_lists_the_trace_with_root_operation_services_spans_errors_and_a_scatter_dot()
    {
        var checkout = ShopTraces.FailingCheckout();
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync("#/search");
        await Page.SelectOptionAsync("select[name=service]", "frontend");
        await Page.ClickAsync("button.find-traces");

        var result = Page.Locator($".result[data-trace-id='{checkout.Trace.TraceId}']");
        await Expect(result).ToBeVisibleAsync();
        await Expect(result.Locator(".root-service")).ToHaveTextAsync("frontend");
        await Expect(result.Locator(".root-operation")).ToHaveTextAsync("GET /checkout");
        await Expect(result.Locator(".span-count")).ToHaveTextAsync("4 spans");
        await Expect(result.Locator(".error-count")).ToHaveTextAsync("3 errors");
        await Expect(result.Locator(".service-chip")).ToHaveTextAsync(["frontend (1)", "orders (1)", "db (1)", "payments (1)"]);
        await Expect(result.Locator(".result-duration")).ToHaveTextAsync("120ms");
        await Expect(Page.Locator($"circle.dot.dot-error[data-trace-id='{checkout.Trace.TraceId}']")).ToHaveCountAsync(1);
        Assert.Contains("service=frontend", Page.Url, StringComparison.Ordinal);
        await Screenshots.SaveAsync(Page, "search-results");

        await result.Locator("a.result-link").ClickAsync();
        await Expect(Page.Locator(".trace-title")).ToContainTextAsync("frontend: GET /checkout");
        Assert.EndsWith($"#/trace/{checkout.Trace.TraceId}", Page.Url, StringComparison.Ordinal);

        // Back to the results, then into the trace through its dot on the scatter plot.
        await Page.GoBackAsync();
        await Page.ClickAsync($"circle.dot[data-trace-id='{checkout.Trace.TraceId}']");
        await Expect(Page.Locator(".trace-title")).ToContainTextAsync("frontend: GET /checkout");
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_search_url_reproduces_the_search_with_operation_duration_and_tag_filters()
    {
        var slow = ShopTraces.FailingCheckout();
        var fast = new TestTrace();
        fast.Add(new TestSpan { Service = "frontend", Name = "GET /health", Kind = 2, Duration = TimeSpan.FromMilliseconds(2) });
        await Server.IngestAsync(slow.Trace, Cancel);
        await Server.IngestAsync(fast, Cancel);

        await OpenAsync("#/search?service=frontend&lookback=1h&minDuration=50ms&limit=20");
        await Expect(Page.Locator(".result")).ToHaveCountAsync(1);
        await Expect(Page.Locator($".result[data-trace-id='{slow.Trace.TraceId}']")).ToBeVisibleAsync();
        await Expect(Page.Locator("input[name=minDuration]")).ToHaveValueAsync("50ms");

        await OpenAsync("#/search?service=frontend&operation=GET%20%2Fhealth&lookback=1h");
        await Expect(Page.Locator(".result")).ToHaveCountAsync(1);
        await Expect(Page.Locator($".result[data-trace-id='{fast.TraceId}']")).ToBeVisibleAsync();
        await Expect(Page.Locator("select[name=operation]")).ToHaveValueAsync("GET /health");

        await OpenAsync("#/search?service=frontend&tags=url.path%3D%2Fcheckout&lookback=1h");
        await Expect(Page.Locator(".result")).ToHaveCountAsync(1);
        await Expect(Page.Locator($".result[data-trace-id='{slow.Trace.TraceId}']")).ToBeVisibleAsync();
        await Expect(Page.Locator("input[name=tags]")).ToHaveValueAsync("url.path=/checkout");
    }

    [Fact]
    public async Task A_bad_duration_or_tag_is_refused_with_a_message_and_no_search_runs()
    {
        await Server.IngestAsync(ShopTraces.FailingCheckout().Trace, Cancel);
        await OpenAsync("#/search");
        await Page.SelectOptionAsync("select[name=service]", "frontend");

        await Page.FillAsync("input[name=minDuration]", "fast");
        await Page.ClickAsync("button.find-traces");
        await Expect(Page.Locator(".form-error")).ToContainTextAsync("\"fast\" is not a duration");

        await Page.FillAsync("input[name=minDuration]", string.Empty);
        await Page.FillAsync("input[name=tags]", "http.status_code=\"500");
        await Page.ClickAsync("button.find-traces");
        await Expect(Page.Locator(".form-error")).ToContainTextAsync("Cannot read tags");

        Assert.DoesNotContain("service=", Page.Url, StringComparison.Ordinal);
        await Expect(Page.Locator(".result")).ToHaveCountAsync(0);
    }
}
