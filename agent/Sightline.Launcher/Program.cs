using Sightline.Launcher.Commands;

return await LauncherCommands.RunAsync(args, Console.Out, Console.Error);
