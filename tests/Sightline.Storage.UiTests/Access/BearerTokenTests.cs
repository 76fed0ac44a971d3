using Sightline.Storage.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sightline.Storage.UiTests.Access;

/// <summary>A server started with a bearer token: the UI asks for it and then works as usual.</summary>
public sealed class BearerTokenTests(BrowserFixture browser) : UiTest(browser)
{
    protected override string? BearerToken => "ui-test-secret";

    [Fact]
    public async Task The_ui_asks_for_the_token_refuses_a_wrong_one_and_works_with_the_right_one()
    {
        var checkout = ShopTraces.FailingCheckout();
        await Server.IngestAsync(checkout.Trace, Cancel);

        await OpenAsync("#/search?service=frontend&lookback=1h");
        await Expect(Page.Locator(".error-box")).ToContainTextAsync("missing or wrong bearer token");
        await Expect(Page.Locator(".token-form")).ToContainTextAsync("needs a bearer token");

        await Page.FillAsync(".token-form input[name=token]", "wrong");
        await Page.ClickAsync(".token-form button");
        await Expect(Page.Locator(".token-form")).ToContainTextAsync("was refused");

        await Page.FillAsync(".token-form input[name=token]", "ui-test-secret");
        await Page.ClickAsync(".token-form button");
        await Expect(Page.Locator($".result[data-trace-id='{checkout.Trace.TraceId}']")).ToBeVisibleAsync();
        await Expect(Page.Locator(".token-form")).ToHaveCountAsync(0);
    }
}
