using System.Globalization;

namespace Sightline.LoadTest;

/// <summary>The driver's command line. Every number has a default that makes the full run take about 8-9 minutes.</summary>
public sealed record LoadTestOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/LoadTest/Sightline.LoadTest -- [options]

        Measures the sample shop's storefront bare (A), with the Sightline agent (B) and with the OpenTelemetry SDK (C),
        in alternation A,B,C,A,B,C,... (see docs/performance.md).

          --duration S       seconds measured per round and configuration   (default 20)
          --rounds N         rounds of A,B,C                                 (default 6)
          --warmup S         seconds of load on each configuration first    (default 60)
          --round-warmup S   seconds of load before each measured round      (default 2)
          --connections N    wrk connections                                 (default 16)
          --threads N        wrk threads                                     (default 2)
          --starts N         cold starts per configuration for start-up time (default 5)
          --mix NAME         products (GET /products/{id}) or checkout (9 of those to 1 POST /orders) (default products)
          --output FILE      where the markdown table goes too (default bench/LoadTest/results/last-run.md)
          --agent DIR        an agent distribution to attach (default: published from agent/Sightline.Agent, Release)
          --no-build         use the Release builds already there
          --app-cpu N        the storefront's CPU (default 0); --load-cpu N everything else's (default 1)
          --quick            a smoke run of under a minute once built: --duration 3 --rounds 2 --warmup 2
                             --round-warmup 0 --starts 1 (options after it still apply)
          --help             this text
        """;

    public int Duration { get; init; } = 20;

    public int Rounds { get; init; } = 6;

    // A minute: under load the JIT's tiering still took ~10 % of the core 20-60 s into a storefront's life (A and B
    // alike, B with ~400 more methods to tier), so a 10 s warm-up measured part of the start-up as steady state.
    public int Warmup { get; init; } = 60;

    public int RoundWarmup { get; init; } = 2;

    public int Connections { get; init; } = 16;

    public int Threads { get; init; } = 2;

    public int Starts { get; init; } = 5;

    public string Mix { get; init; } = "products";

    public string? Output { get; init; }

    public string? AgentDirectory { get; init; }

    public bool Build { get; init; } = true;

    public int AppCpu { get; init; }

    public int LoadCpu { get; init; } = 1;

    public bool Quick { get; init; }

    public bool Help { get; init; }

    /// <summary>The command line as given, for the report's "reproduce with" line.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Seconds the run should take once built: cold starts, warm-up, rounds, starting and stopping the services.</summary>
    public double EstimatedSeconds =>
        (Starts * 3 * 3.0) + (3 * (Warmup + 1)) + (Rounds * 3 * (RoundWarmup + Duration + 0.5)) + 15;

    /// <summary>Reads the command line; a bad option is a <see cref="LoadTestException"/> naming it.</summary>
    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions { Arguments = [.. args] };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--duration" => options with { Duration = Seconds(name, Value(args, ref i), minimum: 1) },
                "--rounds" => options with { Rounds = Count(name, Value(args, ref i), minimum: 1) },
                "--warmup" => options with { Warmup = Seconds(name, Value(args, ref i), minimum: 0) },
                "--round-warmup" => options with { RoundWarmup = Seconds(name, Value(args, ref i), minimum: 0) },
                "--connections" => options with { Connections = Count(name, Value(args, ref i), minimum: 1) },
                "--threads" => options with { Threads = Count(name, Value(args, ref i), minimum: 1) },
                "--starts" => options with { Starts = Count(name, Value(args, ref i), minimum: 0) },
                "--mix" => options with { Mix = MixName(Value(args, ref i)) },
                "--output" => options with { Output = Value(args, ref i) },
                "--agent" => options with { AgentDirectory = Value(args, ref i) },
                "--no-build" => options with { Build = false },
                "--app-cpu" => options with { AppCpu = Count(name, Value(args, ref i), minimum: 0) },
                "--load-cpu" => options with { LoadCpu = Count(name, Value(args, ref i), minimum: 0) },
                "--quick" => options with { Quick = true, Duration = 3, Rounds = 2, Warmup = 2, RoundWarmup = 0, Starts = 1 },
                "--help" or "-h" => options with { Help = true },
                _ => throw new LoadTestException($"unknown option '{name}'; --help lists them"),
            };
        }

        if (options.Connections < options.Threads)
        {
            throw new LoadTestException($"--connections {options.Connections} is fewer than --threads {options.Threads}: wrk needs a connection per thread");
        }

        if (options.AppCpu == options.LoadCpu)
        {
            throw new LoadTestException($"--app-cpu and --load-cpu are both {options.AppCpu}: the storefront needs a CPU of its own");
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new LoadTestException($"{args[i]} needs a value");
        }

        return args[++i];
    }

    private static int Seconds(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && seconds <= 3600
            ? seconds
            : throw new LoadTestException($"{name} '{value}' is not a whole number of seconds from {minimum} to 3600");

    private static int Count(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum && count <= 10_000
            ? count
            : throw new LoadTestException($"{name} '{value}' is not a whole number from {minimum} to 10000");

    private static string MixName(string value) => value is "products" or "checkout"
        ? value
        : throw new LoadTestException($"--mix '{value}' is unknown: products or checkout");
}
