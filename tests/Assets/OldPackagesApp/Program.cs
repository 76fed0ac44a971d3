using System.Diagnostics;
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
Console.WriteLine("done");
