using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>What every database Exit span must carry.</summary>
internal static class SpanAssert
{
    public static void Database(Activity span, string operation, string system, string component, string peer, string? database, string? statement)
    {
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(operation, span.DisplayName);
        Assert.Equal(system, span.GetTagItem("db.system"));
        Assert.Equal(component, span.GetTagItem(SpanTags.Component));
        Assert.Equal("Database", span.GetTagItem(SpanTags.Layer));
        Assert.Equal(peer, span.GetTagItem(SpanTags.Peer));
        Assert.Equal(database, span.GetTagItem("db.namespace"));
        Assert.Equal(statement, span.GetTagItem("db.query.text"));
    }

    public static void Ok(Activity span) => Assert.NotEqual(ActivityStatusCode.Error, span.Status);

    public static void Failed(Activity span, string exceptionType)
    {
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        var error = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Equal(exceptionType, error.Tags.FirstOrDefault(t => t.Key == "exception.type").Value);
        Assert.Equal(exceptionType, span.GetTagItem(SpanTags.ErrorType));
    }
}
