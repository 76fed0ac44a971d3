namespace Shop.Storefront;

/// <summary>The <c>Shop</c> configuration section: where the downstream services are, how often to restock.</summary>
public sealed class StorefrontOptions
{
    public required Uri InventoryAddress { get; init; }

    public required Uri PaymentAddress { get; init; }

    public required TimeSpan RestockInterval { get; init; }

    /// <summary>
    /// Reads <c>Shop:InventoryUrl</c> (default http://127.0.0.1:5081), <c>Shop:PaymentUrl</c> (default
    /// http://127.0.0.1:5082) and <c>Shop:RestockIntervalSeconds</c> (default 5); a bad value stops the start with
    /// a message naming the key.
    /// </summary>
    public static StorefrontOptions FromConfiguration(IConfiguration configuration) => new()
    {
        InventoryAddress = Address(configuration, "Shop:InventoryUrl", "http://127.0.0.1:5081"),
        PaymentAddress = Address(configuration, "Shop:PaymentUrl", "http://127.0.0.1:5082"),
        RestockInterval = Interval(configuration, "Shop:RestockIntervalSeconds", 5),
    };

    private static Uri Address(IConfiguration configuration, string key, string fallback)
    {
        var value = configuration[key];
        var text = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{key} '{text}' is not an absolute http:// or https:// URL.");
        }

        // A base address without the trailing slash would drop its last path segment from relative requests.
        return text.EndsWith('/') ? uri : new Uri(text + "/");
    }

    private static TimeSpan Interval(IConfiguration configuration, string key, double fallbackSeconds)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return TimeSpan.FromSeconds(fallbackSeconds);
        }

        if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > 86_400)
        {
            throw new InvalidOperationException($"{key} '{value}' is not a number of seconds between 0 and 86400.");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
