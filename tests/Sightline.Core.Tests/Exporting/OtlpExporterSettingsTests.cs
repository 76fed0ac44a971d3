using Sightline.Core.Exporting.Otlp;

namespace Sightline.Core.Tests.Exporting;

public sealed class OtlpExporterSettingsTests
{
    [Fact]
    public void Nothing_set_means_the_specification_defaults()
    {
        var settings = OtlpExporterSettings.FromVariables(_ => null);
        Assert.Equal(new Uri("http://localhost:4317"), settings.Endpoint);
        Assert.Equal("grpc", settings.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Timeout);
        Assert.Empty(settings.Headers);
        Assert.Null(settings.ServiceName);
        Assert.Empty(settings.Problems);
    }

    [Fact]
    public void Http_appends_the_signal_path_to_the_generic_endpoint_but_not_to_the_traces_one()
    {
        var generic = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/base/"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        Assert.Equal(new Uri("http://collector:4318/base/v1/traces"), generic.Endpoint);

        var specific = Read(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://ignored:4318"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:9999/custom"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        Assert.Equal(new Uri("http://collector:9999/custom"), specific.Endpoint);

        Assert.Equal(new Uri("http://localhost:4318/v1/traces"), Read(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")).Endpoint);
    }

    [Fact]
    public void Traces_specific_settings_win_over_generic_ones()
    {
        var settings = Read(
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "a=1"),
            ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "api-key=secret,tenant=shop"),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "1000"),
            ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "2500"),
            ("OTEL_SERVICE_NAME", " checkout "));
        Assert.Equal("http/protobuf", settings.Protocol);
        Assert.Equal(new Dictionary<string, string> { ["api-key"] = "secret", ["tenant"] = "shop" }, settings.Headers);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), settings.Timeout);
        Assert.Equal("checkout", settings.ServiceName);
    }

    [Fact]
    public void Bad_values_are_reported_by_name_and_replaced_by_defaults()
    {
        var settings = Read(
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "novalue"),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "-5"));

        Assert.Equal("grpc", settings.Protocol);
        Assert.Equal(new Uri("http://localhost:4317"), settings.Endpoint);
        Assert.Empty(settings.Headers);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Timeout);
        Assert.Equal(4, settings.Problems.Count);
        Assert.Contains(settings.Problems, p => p.StartsWith("OTEL_EXPORTER_OTLP_PROTOCOL='http/json'", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, p => p.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT='collector:4317'", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, p => p.StartsWith("OTEL_EXPORTER_OTLP_HEADERS", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, p => p.StartsWith("OTEL_EXPORTER_OTLP_TIMEOUT='-5'", StringComparison.Ordinal));
    }

    private static OtlpExporterSettings Read(params (string Name, string Value)[] variables) =>
        OtlpExporterSettings.FromVariables(name => variables.FirstOrDefault(v => v.Name == name).Value);
}
