namespace Sightline.Scenarios.Definition;

/// <summary>One request the harness sends to an app.</summary>
public sealed class RequestDefinition
{
    /// <summary>The app it goes to; the first app when empty.</summary>
    public string App { get; set; } = string.Empty;

    /// <summary>The HTTP method.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>The path and query.</summary>
    public string Path { get; set; } = "/";

    /// <summary>A request body (sent as JSON unless <see cref="ContentType"/> says otherwise).</summary>
    public string? Body { get; set; }

    /// <summary>The body's content type.</summary>
    public string ContentType { get; set; } = "application/json";

    /// <summary>Request headers.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The status the response must have; any when null.</summary>
    public int? Status { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {(App.Length > 0 ? App + ":" : string.Empty)}{Path}";
}
