using Microsoft.Playwright;

namespace Sightline.Storage.UiTests.Infrastructure;

/// <summary>Base of every UI test: a fresh storage server and a fresh page, both gone after the test.</summary>
public abstract class UiTest(BrowserFixture browser) : IAsyncLifetime
{
    private StorageServer? _server;
    private IPage? _page;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected StorageServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    /// <summary>The page; skips the test, with the reason, on a machine without Chromium.</summary>
    protected IPage Page
    {
        get
        {
            if (_page is null)
            {
                Assert.Skip($"{BrowserFixture.ChromiumPath} is missing: install Debian's chromium package (.ci/install.d/chromium.sh) to run the UI tests.");
            }

            return _page;
        }
    }

    /// <summary>When set, the server is started with this bearer token.</summary>
    protected virtual string? BearerToken => null;

    /// <summary>Browser console errors and uncaught exceptions: a clean page has none.</summary>
    protected List<string> PageErrors { get; } = [];

    public async ValueTask InitializeAsync()
    {
        if (browser.Available)
        {
            _page = await browser.NewPageAsync();
            _page.PageError += (_, error) => PageErrors.Add(error);
        }

        _server = await StorageServer.StartAsync(BearerToken, Cancel);
    }

    /// <summary>Opens a view by its URL fragment and waits until it has drawn its data.</summary>
    protected async Task OpenAsync(string fragment)
    {
        await Page.GotoAsync(new Uri(Server.Address, "/" + fragment).ToString());
        await Page.WaitForSelectorAsync("body[data-ready=true]");
    }

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
