using System.Globalization;
using Sightline.Patching.TargetApp;

// Child process of TieringTests, ConcurrencyTests and ThreadStopTests: patches methods, calls them and reports exact counts.
// Exit code 0 only when every call behaved as the patches say.
return args switch
{
    ["concurrency", var workers, var toggles] => ConcurrencyScenario.Run(Console.Out, int.Parse(workers, CultureInfo.InvariantCulture), int.Parse(toggles, CultureInfo.InvariantCulture)),
    ["stop-rounds", var rounds] => StopRoundScenario.Run(Console.Out, int.Parse(rounds, CultureInfo.InvariantCulture)),
    _ => TieringScenario.Run(Console.Out),
};
