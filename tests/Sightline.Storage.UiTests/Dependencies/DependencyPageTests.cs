using Sightline.Storage.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sightline.Storage.UiTests.Dependencies;

/// <summary>The service dependency graph, computed by the server from stored parent/child spans.</summary>
public sealed class DependencyPageTests(BrowserFixture browser) : UiTest(browser)
{
    [Fact]
    public async Task The_graph_shows_each_service_call_with_its_count()
    {
        await Server.IngestAsync(ShopTraces.FailingCheckout().Trace, Cancel);
        await Server.IngestAsync(ShopTraces.FailingCheckout().Trace, Cancel);

        await OpenAsync("#/dependencies?lookback=1d");
        await Expect(Page.Locator(".dependency-graph .node")).ToHaveCountAsync(4);
        var edge = Page.Locator(".dependency-graph .edge[data-parent='frontend'][data-child='orders']");
        await Expect(edge.Locator(".edge-label")).ToContainTextAsync("2 calls");
        await Expect(Page.Locator(".dependency-graph .edge[data-parent='orders'][data-child='db'] .edge-label")).ToContainTextAsync("2 calls");
        await Expect(Page.Locator(".dependency-table tbody tr")).ToHaveCountAsync(3);

        // Every call to orders and db failed, none to payments.
        await Expect(edge.Locator(".edge-label")).ToContainTextAsync("100.0% errors");
        await Expect(Page.Locator(".dependency-graph .edge[data-parent='frontend'][data-child='payments'] .edge-label")).ToContainTextAsync("0.0% errors");
        var ordersRow = Page.Locator(".dependency-table tbody tr", new() { HasText = "orders" }).Filter(new() { HasText = "frontend" });
        await Expect(ordersRow.Locator(".errors")).ToHaveTextAsync("2");
        await Expect(ordersRow.Locator(".error-rate")).ToHaveTextAsync("100.0%");
        Assert.Contains("#/dependencies?lookback=1d", Page.Url, StringComparison.Ordinal);
        await Screenshots.SaveAsync(Page, "dependencies");

        await Page.SelectOptionAsync("select[name=lookback]", "1h");
        await Expect(edge.Locator(".edge-label")).ToContainTextAsync("2 calls");
        Assert.Contains("lookback=1h", Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_calls_in_the_range_says_so()
    {
        await OpenAsync("#/dependencies?lookback=1h");
        await Expect(Page.Locator(".empty")).ToContainTextAsync("No calls between services");
    }
}
