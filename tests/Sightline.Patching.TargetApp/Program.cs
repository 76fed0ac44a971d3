using Sightline.Patching.TargetApp;

// Child process of TieringTests and ConcurrencyTests: patches methods, calls them and reports exact counts.
// Exit code 0 only when every call behaved as the patches say.
return args is ["concurrency", var workers, var toggles]
    ? ConcurrencyScenario.Run(Console.Out, int.Parse(workers, System.Globalization.CultureInfo.InvariantCulture), int.Parse(toggles, System.Globalization.CultureInfo.InvariantCulture))
    : TieringScenario.Run(Console.Out);
