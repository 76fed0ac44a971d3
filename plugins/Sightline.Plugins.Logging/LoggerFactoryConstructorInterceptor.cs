using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Plugins.Logging;

/// <summary>
/// Runs after <c>LoggerFactory(IEnumerable&lt;ILoggerProvider&gt; providers, IOptionsMonitor&lt;LoggerFilterOptions&gt;
/// filterOption, IOptions&lt;LoggerFactoryOptions&gt;? options, IExternalScopeProvider? scopeProvider)</c>: adds
/// <c>TraceId</c> and <c>SpanId</c> to the factory's <c>LoggerFactoryOptions.ActivityTrackingOptions</c> (read when a
/// provider registered later builds the scope provider) and to the scope provider the constructor already built for
/// the providers it was given; any other flag the app chose (<c>ParentId</c>, <c>Tags</c>, <c>Baggage</c>...) is kept.
/// A scope provider the app passed in itself is its own and left alone.
/// </summary>
public sealed class LoggerFactoryConstructorInterceptor : IConstructorInterceptor
{
    // Fields by declaring type, then by field type name: a second version of the library in another load context has
    // its own. Nested dictionaries rather than a (Type, string) tuple key: a dictionary generic over a struct is
    // JIT-compiled while the app starts (ReadyToRun cannot hold it).
    private static readonly ConcurrentDictionary<Type, ConcurrentDictionary<string, FieldInfo?>> Fields = new();

    /// <inheritdoc />
    public void OnConstruct(object instance, object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (Field(instance.GetType(), LoggingNames.FactoryOptions)?.GetValue(instance) is { } options
            && options.GetType().GetProperty(LoggingNames.TrackingOptionsProperty) is { CanRead: true, CanWrite: true } property
            && property.GetValue(options) is { } tracking
            && With(tracking) is { } wider)
        {
            property.SetValue(options, wider);
        }

        if (Field(instance.GetType(), LoggingNames.ExternalScopeProvider)?.GetValue(instance) is { } provider
            && provider.GetType().FullName == LoggingNames.ScopeProvider
            && Field(provider.GetType(), LoggingNames.TrackingOptions) is { } field
            && field.GetValue(provider) is { } kept
            && With(kept) is { } widened)
        {
            // A readonly field, written right after the factory's constructor, before the app holds the factory.
            field.SetValue(provider, widened);
        }
    }

    // The options with TraceId and SpanId added, or null when they are already there.
    private static object? With(object tracking)
    {
        var value = Convert.ToInt32(tracking, CultureInfo.InvariantCulture);
        return (value & LoggingNames.SpanIdAndTraceId) == LoggingNames.SpanIdAndTraceId
            ? null
            : Enum.ToObject(tracking.GetType(), value | LoggingNames.SpanIdAndTraceId);
    }

    private static FieldInfo? Field(Type type, string fieldTypeName) =>
        Fields.GetOrAdd(type, static _ => new ConcurrentDictionary<string, FieldInfo?>(StringComparer.Ordinal))
            .GetOrAdd(fieldTypeName, name =>
                type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                    .SingleOrDefault(f => f.FieldType.FullName == name));
}
