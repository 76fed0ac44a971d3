namespace Sightline.Samples.Tests.Infrastructure;

/// <summary>Where the build put the sample services (the project file writes one path file per service).</summary>
internal static class ShopApps
{
    public static string Storefront => Locate("Shop.Storefront");

    /// <summary>The storefront built with <c>-p:ShopOpenTelemetry=true</c> (issue 13's configuration C).</summary>
    public static string OpenTelemetryStorefront => Locate("Shop.Storefront.otel");

    public static string Inventory => Locate("Shop.Inventory");

    public static string Payment => Locate("Shop.Payment");

    private static string Locate(string name)
    {
        var pathFile = Path.Combine(AppContext.BaseDirectory, "apps", name + ".path");
        if (!File.Exists(pathFile))
        {
            throw new InvalidOperationException($"{pathFile} is missing: build the test project, which writes it.");
        }

        var dll = File.ReadAllText(pathFile).Trim();
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{name} is not built: {dll} does not exist.");
    }
}
