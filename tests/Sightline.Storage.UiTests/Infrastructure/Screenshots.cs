using Microsoft.Playwright;

namespace Sightline.Storage.UiTests.Infrastructure;

/// <summary>Keeps a full-page screenshot of each view as a test artifact under TestResults/screenshots.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, path);
    }
}
