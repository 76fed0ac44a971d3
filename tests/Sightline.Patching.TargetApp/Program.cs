using Sightline.Patching.TargetApp;

// Child process of TieringTests: patches methods, calls them across tier-up and reports exact counts.
// Exit code 0 only when every call was intercepted.
return TieringScenario.Run(Console.Out);
