namespace Sightline.Launcher.Commands;

/// <summary>Dispatches <c>sightline &lt;command&gt;</c> and turns every <see cref="LauncherException"/> into one line on standard error.</summary>
internal static class LauncherCommands
{
    public const string Usage = """
        Usage:
          sightline run [--service NAME] [--endpoint URL] [--protocol grpc|http/protobuf] [--agent DIR] [--force] -- <command> [args...]
              Starts <command> with the Sightline agent attached.
          sightline plugins [--app DIR] [--agent DIR] [--json]
              Lists the agent's plugins and, with --app, which would activate for the app in DIR (read, not run).
          sightline --version
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        try
        {
            switch (args.Count == 0 ? null : args[0])
            {
                case "run":
                    return await RunCommand.ExecuteAsync(args.Skip(1).ToList(), output, errors);
                case "plugins":
                    return PluginsCommand.Execute(args.Skip(1).ToList(), output, errors);
                case "--version":
                    output.WriteLine(typeof(LauncherCommands).Assembly.GetName().Version?.ToString(3));
                    return ExitCodes.Success;
                case "help" or "--help" or "-h":
                    output.WriteLine(Usage);
                    return ExitCodes.Success;
                case null:
                    errors.WriteLine("sightline: no command given.");
                    errors.WriteLine(Usage);
                    return ExitCodes.Usage;
                default:
                    errors.WriteLine($"sightline: unknown command '{args[0]}'.");
                    errors.WriteLine(Usage);
                    return ExitCodes.Usage;
            }
        }
        catch (LauncherException ex)
        {
            errors.WriteLine("sightline: " + ex.Message);
            return ex.ExitCode;
        }
    }
}
