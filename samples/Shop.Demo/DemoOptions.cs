using System.Globalization;

namespace Shop.Demo;

/// <summary>The demo's command-line options.</summary>
public sealed record DemoOptions
{
    public const string Usage = """
        Usage: dotnet run --project samples/Shop.Demo [-- options]

          --orders N       orders to place (default 10)
          --lookups N      product lookups to send (default 10)
          --refunds N      refunds to ask for; each fails deep in the inventory (default 2)
          --exit           stop once the report is printed, instead of running until Ctrl+C
          --duration N     keep running N seconds after the report, then stop
          --ui-port N      the storage server's query API and web UI (default 16686)
          --otlp-port N    the storage server's OTLP/HTTP receiver the agents export to (default 4318)
          --free-ports     put every process on a free port instead of the defaults
          --data DIR       keep the databases and logs in DIR (default: a new temp folder, removed at exit)
          --help           this text
        """;

    public int Orders { get; init; } = 10;

    public int Lookups { get; init; } = 10;

    public int Refunds { get; init; } = 2;

    public bool Exit { get; init; }

    public int? DurationSeconds { get; init; }

    public int? UiPort { get; init; }

    public int? OtlpPort { get; init; }

    public bool FreePorts { get; init; }

    public string? DataDirectory { get; init; }

    public bool Help { get; init; }

    /// <summary>Reads <paramref name="args"/>; a bad option throws <see cref="DemoException"/> naming it.</summary>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--orders" => options with { Orders = Count(name, Value(args, ref i), max: 1000) },
                "--lookups" => options with { Lookups = Count(name, Value(args, ref i), max: 1000) },
                "--refunds" => options with { Refunds = Count(name, Value(args, ref i), max: 100) },
                "--exit" => options with { Exit = true },
                "--duration" => options with { DurationSeconds = Count(name, Value(args, ref i), max: 86_400) },
                "--ui-port" => options with { UiPort = Port(name, Value(args, ref i)) },
                "--otlp-port" => options with { OtlpPort = Port(name, Value(args, ref i)) },
                "--free-ports" => options with { FreePorts = true },
                "--data" => options with { DataDirectory = Path.GetFullPath(Value(args, ref i)) },
                "--help" or "-h" or "-?" => options with { Help = true },
                _ => throw new DemoException($"unknown option '{name}'.\n\n{Usage}"),
            };
        }

        if (options.Refunds > options.Orders)
        {
            throw new DemoException($"--refunds {options.Refunds}: a refund needs an order, and only {options.Orders} are placed.");
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new DemoException($"{args[i]} needs a value.\n\n{Usage}");
        }

        return args[++i];
    }

    private static int Count(string name, string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= max
            ? count
            : throw new DemoException($"{name} '{value}': expected a whole number from 0 to {max}.");

    private static int Port(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new DemoException($"{name} '{value}': expected a port number from 1 to 65535.");
}
