using Microsoft.AspNetCore.Hosting;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

[assembly: HostingStartup(typeof(Shop.Observability.ShopOpenTelemetryStartup))]

namespace Shop.Observability;

/// <summary>
/// Compiled into a sample app only with <c>-p:ShopOpenTelemetry=true</c> (issue 13's configuration C): the
/// OpenTelemetry SDK with its ASP.NET Core and HttpClient instrumentation, exporting OTLP. ASP.NET Core runs the
/// hosting startups of the application's own assembly, so the app's code stays exactly as it is. The exporter
/// reads the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, ...);
/// the service name is <c>OTEL_SERVICE_NAME</c> or else the application's name.
/// </summary>
public sealed class ShopOpenTelemetryStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices((context, services) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
                {
                    resource.AddService(context.HostingEnvironment.ApplicationName);
                }
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter()));
}
