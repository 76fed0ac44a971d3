namespace Sightline.LoadTest.Reporting;

/// <summary>Median, smallest and largest of a few numbers (one per round or per start).</summary>
public readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary><c>median (min–max)</c> with <paramref name="format"/>; only the median when there is one value.</summary>
    public string ToString(string format) => Count switch
    {
        0 => "n/a",
        1 => Median.ToString(format, System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ({Min.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{Max.ToString(format, System.Globalization.CultureInfo.InvariantCulture)})"),
    };
}
