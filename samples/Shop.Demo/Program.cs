using System.Runtime.InteropServices;
using Shop.Demo;

DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (DemoException e)
{
    Console.Error.WriteLine("Shop.Demo: " + e.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

// Ctrl+C and SIGTERM end the demo through its own clean-up; a second Ctrl+C while it cleans up ends it at once.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await DemoFlow.RunAsync(options, Console.Out, interactive: !Console.IsOutputRedirected, stop.Token);
