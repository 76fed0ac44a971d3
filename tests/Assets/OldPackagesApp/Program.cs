using System.Diagnostics;
using System.Runtime.Loader;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.Extensions.Hosting;
using Mono.Cecil;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sightline.Tests.OldPackagesApp;

// Each library is used for real, then the version that actually loaded is printed for the test to check.
var ended = new List<Activity>();
using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(Work.SourceName).AddProcessor(new CollectingProcessor(ended)).Build())
{
    Work.Run();
}

var stamp = Timestamp.FromDateTime(new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc));
var parsed = Timestamp.Parser.ParseFrom(stamp.ToByteArray());
using var channel = GrpcChannel.ForAddress("http://127.0.0.1:9");
using var module = ModuleDefinition.ReadModule(typeof(Work).Assembly.Location);
using var host = Host.CreateDefaultBuilder(args).Build();
await host.StartAsync();
await host.StopAsync();

Console.WriteLine($"OpenTelemetry {Versions.Of(typeof(Sdk))} spans={ended.Count} parent={ended.FirstOrDefault()?.ParentSpanId.ToHexString()}");
Console.WriteLine($"Google.Protobuf {Versions.Of(typeof(IMessage))} roundtrip={parsed.Equals(stamp)}");
Console.WriteLine($"Grpc.Net.Client {Versions.Of(typeof(GrpcChannel))} target={channel.Target}");
Console.WriteLine($"Mono.Cecil {Versions.Of(typeof(ModuleDefinition))} types={module.Types.Count}");
Console.WriteLine($"Microsoft.Extensions.Hosting {Versions.Of(typeof(Host))}");
// Asked by the isolation tests: the agent's own gRPC client, loaded when its OTLP exporter is made at its first batch,
// must live in the agent's load context, whatever the app ships (waited for: the batch comes a little after Work.Run).
if (Environment.GetEnvironmentVariable("OLD_PACKAGES_REPORT_AGENT_GRPC") == "1")
{
    string? agentGrpc = null;
    for (var i = 0; i < 400 && agentGrpc is null; i++)
    {
        agentGrpc = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name == "Grpc.Net.Client" && AssemblyLoadContext.GetLoadContext(a) != AssemblyLoadContext.Default)
            .Select(a => AssemblyLoadContext.GetLoadContext(a)?.Name)
            .FirstOrDefault();
        if (agentGrpc is null)
        {
            Thread.Sleep(50);
        }
    }

    Console.WriteLine($"agent Grpc.Net.Client in {agentGrpc ?? "no context of its own"}");
}

Console.WriteLine("done");
