using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;
using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Sightline.Storage.Conversion;

/// <summary>
/// Writes a stored OTLP span: a ResourceSpans holding the span's resource, its scope and the span alone, byte for
/// byte what <c>new ResourceSpans { ... }.ToByteArray()</c> gives. Building that message per span serialised the
/// resource and scope again for every span, and Google.Protobuf recomputes a nested message's size at every level
/// it is nested in; here the resource and scope are encoded once per request and the span's size once.
/// </summary>
internal sealed class OtlpPayloadWriter
{
    private readonly ByteString? _resource;
    private readonly string _resourceSchemaUrl;
    private ByteString? _scope;
    private string _scopeSchemaUrl = string.Empty;

    public OtlpPayloadWriter(ResourceSpans resourceSpans)
    {
        _resource = resourceSpans.Resource is { } resource ? resource.ToByteString() : null;
        _resourceSchemaUrl = resourceSpans.SchemaUrl;
    }

    /// <summary>Makes <paramref name="scopeSpans"/> the scope of the spans written next.</summary>
    public void SetScope(ScopeSpans scopeSpans)
    {
        _scope = scopeSpans.Scope is { } scope ? scope.ToByteString() : null;
        _scopeSchemaUrl = scopeSpans.SchemaUrl;
    }

    public byte[] Write(Span span)
    {
        var spanSize = span.CalculateSize();
        var scopeSpansSize = (_scope is null ? 0 : 1 + CodedOutputStream.ComputeBytesSize(_scope))
            + 1 + CodedOutputStream.ComputeLengthSize(spanSize) + spanSize
            + (_scopeSchemaUrl.Length == 0 ? 0 : 1 + CodedOutputStream.ComputeStringSize(_scopeSchemaUrl));
        var size = (_resource is null ? 0 : 1 + CodedOutputStream.ComputeBytesSize(_resource))
            + 1 + CodedOutputStream.ComputeLengthSize(scopeSpansSize) + scopeSpansSize
            + (_resourceSchemaUrl.Length == 0 ? 0 : 1 + CodedOutputStream.ComputeStringSize(_resourceSchemaUrl));
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        if (_resource is not null)
        {
            // ResourceSpans.resource = 1; an embedded message is written exactly as a bytes field of its encoding.
            output.WriteTag(ResourceSpans.ResourceFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(_resource);
        }

        output.WriteTag(ResourceSpans.ScopeSpansFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteLength(scopeSpansSize);
        if (_scope is not null)
        {
            output.WriteTag(ScopeSpans.ScopeFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(_scope);
        }

        output.WriteTag(ScopeSpans.SpansFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteLength(spanSize);
        span.WriteTo(output);
        if (_scopeSchemaUrl.Length > 0)
        {
            output.WriteTag(ScopeSpans.SchemaUrlFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteString(_scopeSchemaUrl);
        }

        if (_resourceSchemaUrl.Length > 0)
        {
            output.WriteTag(ResourceSpans.SchemaUrlFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteString(_resourceSchemaUrl);
        }

        output.CheckNoSpaceLeft();
        return bytes;
    }
}
