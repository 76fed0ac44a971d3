using Sightline.Launcher.Commands;

namespace Sightline.Launcher.Running;

/// <summary>What <c>run</c>'s options set in the app's environment; null leaves the variable as the caller's environment has it.</summary>
internal sealed record AttachSettings(string? ServiceName, string? Endpoint, string? Protocol)
{
    public void Validate()
    {
        if (ServiceName is { } name && string.IsNullOrWhiteSpace(name))
        {
            throw new LauncherException("--service needs a non-empty name.", ExitCodes.Usage);
        }

        if (Endpoint is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new LauncherException($"--endpoint '{endpoint}' is not an absolute http:// or https:// address (for example http://localhost:4317).", ExitCodes.Usage);
        }

        if (Protocol is { } protocol && protocol is not ("grpc" or "http/protobuf"))
        {
            throw new LauncherException($"--protocol '{protocol}' is not supported: use grpc or http/protobuf.", ExitCodes.Usage);
        }
    }
}
