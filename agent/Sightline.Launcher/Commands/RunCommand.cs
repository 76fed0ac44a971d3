using Sightline.Launcher.Inspection;
using Sightline.Launcher.Running;

namespace Sightline.Launcher.Commands;

/// <summary><c>sightline run</c>: checks the target can take the agent, sets the environment, runs it and returns its exit code.</summary>
internal static class RunCommand
{
    private static readonly HashSet<string> ValueOptions = ["--service", "--endpoint", "--protocol", "--agent"];
    private static readonly HashSet<string> FlagOptions = ["--force"];

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        var reader = new ArgumentReader(args, ValueOptions, FlagOptions);
        var command = reader.Read("run");
        if (reader.Flags.Contains("--help"))
        {
            output.WriteLine(LauncherCommands.Usage);
            return ExitCodes.Success;
        }

        if (command.Count == 0)
        {
            throw new LauncherException("no command to run. Usage: sightline run [options] -- <command> [args...]", ExitCodes.Usage);
        }

        var settings = new AttachSettings(
            reader.Value("--service"),
            reader.Value("--endpoint"),
            reader.Value("--protocol"));
        settings.Validate();

        var agentHome = AgentHome.Locate(reader.Value("--agent"), Environment.GetEnvironmentVariable);
        var executable = CommandResolver.Resolve(command[0], Environment.GetEnvironmentVariable("PATH"), Environment.CurrentDirectory);
        var arguments = command.Skip(1).ToList();

        if (TargetInspector.Inspect(executable, arguments, Environment.CurrentDirectory) is { } problem)
        {
            if (!reader.Flags.Contains("--force"))
            {
                throw new LauncherException(problem.Explain() + Environment.NewLine + "Use --force to start it anyway (untraced).", ExitCodes.NotAttachable);
            }

            errors.WriteLine("sightline: warning: " + problem.Explain() + " Starting it anyway (--force).");
        }

        var environment = AttachEnvironment.Build(agentHome, settings, Environment.GetEnvironmentVariable);
        return await ChildRunner.RunAsync(executable, arguments, environment);
    }
}
