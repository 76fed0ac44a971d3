using System.Globalization;

namespace Sightline.Plugins.AdoNet;

/// <summary>
/// The ADO.NET plugins' settings, read once from the environment (plugins see only the SPI, not the agent's
/// configuration): <c>SIGHTLINE_ADONET_MAX_STATEMENT_LENGTH</c>, the longest <c>db.query.text</c> kept (default
/// 2048; 0 records no statement at all).
/// </summary>
internal sealed record AdoNetOptions(int MaxStatementLength)
{
    public const string MaxStatementLengthVariable = "SIGHTLINE_ADONET_MAX_STATEMENT_LENGTH";
    public const int DefaultMaxStatementLength = 2048;
    public const int UpperMaxStatementLength = 1 << 20;

    private static readonly Lazy<AdoNetOptions> FromEnvironment = new(() =>
    {
        var options = Parse(Environment.GetEnvironmentVariable(MaxStatementLengthVariable), out var problem);
        if (problem is not null)
        {
            // No logging API reaches a plugin: say it once where the operator looks, and keep going with the default.
            Console.Error.WriteLine($"[sightline] {problem}");
        }

        return options;
    });

    /// <summary>The options of this process.</summary>
    public static AdoNetOptions Current => FromEnvironment.Value;

    /// <summary>True when statements are recorded.</summary>
    public bool RecordsStatements => MaxStatementLength > 0;

    /// <summary>Reads the variable's value; a bad value gives the default and a <paramref name="problem"/> that says why.</summary>
    public static AdoNetOptions Parse(string? value, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return new AdoNetOptions(DefaultMaxStatementLength);
        }

        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > UpperMaxStatementLength)
        {
            problem = $"{MaxStatementLengthVariable}='{Cut(value)}' is not a whole number from 0 to {UpperMaxStatementLength}; using {DefaultMaxStatementLength}";
            return new AdoNetOptions(DefaultMaxStatementLength);
        }

        if (length is > 0 and < SqlMasker.MinLength)
        {
            problem = $"{MaxStatementLengthVariable}={length} is below the minimum {SqlMasker.MinLength}; using {SqlMasker.MinLength}";
            return new AdoNetOptions(SqlMasker.MinLength);
        }

        return new AdoNetOptions(length);
    }

    private static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
