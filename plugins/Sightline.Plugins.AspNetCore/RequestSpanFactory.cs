using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sightline.Plugins.AspNetCore.Shapes;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// Opens the Entry span of a request when the hosting layer starts its request Activity, and names and tags it when
/// the hosting layer stops that Activity. The span travels between the two calls on the <c>HttpContext</c>, which
/// Kestrel reuses for every request of a connection, so the lookup allocates once per connection.
/// </summary>
internal static class RequestSpanFactory
{
    private static readonly ConditionalWeakTable<object, RequestState> Open = new();

    public static void Begin(object httpContext, bool hasDiagnosticListener, ref Activity? frameworkActivity, bool loggingActivityTaken = false)
    {
        var http = HttpContextShape.For(httpContext.GetType());
        var method = http.Method(httpContext);
        var path = string.Concat(http.PathBase(httpContext), http.Path(httpContext));
        if (path.Length == 0)
        {
            path = "/";
        }

        // With nobody sampling its ActivitySource, ASP.NET Core still starts a bare request Activity when logging is
        // on. Nobody exports it, so the Entry span must not become its child (the parent would be missing): the span
        // opens beside it and replaces it. One a DiagnosticListener was told about is somebody's span, and stays.
        var bare = frameworkActivity is { Source.Name.Length: 0 } && !hasDiagnosticListener ? frameworkActivity : null;
        if (bare is not null)
        {
            Activity.Current = bare.Parent;
        }

        var span = Tracer.CreateEntrySpan(string.Concat(method, " ", path), httpContext, http.Header, SpanLayer.Http);
        if (span.IsNoop)
        {
            if (bare is not null)
            {
                Activity.Current = bare;
            }
            else if (loggingActivityTaken && frameworkActivity is null)
            {
                // No span for this request (an ignored endpoint, say): logging still gets the Activity it asked for.
                frameworkActivity = StartLoggingActivity(httpContext, http);
            }

            return;
        }

        if (bare is not null)
        {
            // Activity.Stop makes the stopped Activity's parent current: put the Entry span back.
            bare.Stop();
            Activity.Current = span.Activity;
            frameworkActivity = null;
        }

        if (span.IsRecording)
        {
            span.SetComponent(AspNetCoreNames.Component)
                .SetTag(AspNetCoreNames.Method, method)
                .SetTag(AspNetCoreNames.Url, string.Concat(http.Scheme(httpContext), "://", http.Host(httpContext), path))
                .SetTag(AspNetCoreNames.Path, path);
            if (http.RemoteAddress(httpContext) is { } address)
            {
                span.SetTag(AspNetCoreNames.ClientAddress, address.ToString()).SetTag(AspNetCoreNames.ClientPort, http.RemotePort(httpContext));
            }
        }

        // The hosting layer now keeps the Entry span as its request Activity and stops it when the request ends.
        frameworkActivity ??= span.Activity;

        var state = Open.GetValue(httpContext, static _ => new RequestState());
        state.Span = span;
        state.Name = span.Activity!.DisplayName;
        state.Method = method;
    }

    public static void End(object httpContext, Activity frameworkActivity)
    {
        if (!Open.TryGetValue(httpContext, out var state) || state.Span.IsNoop)
        {
            return;
        }

        var span = state.Span;
        state.Span = default;
        var activity = span.Activity!;
        try
        {
            if (span.IsRecording)
            {
                var http = HttpContextShape.For(httpContext.GetType());
                var status = http.StatusCode(httpContext);
                span.SetTag(AspNetCoreNames.StatusCode, status);
                if (http.RouteTemplate(httpContext, out var template) is { } route)
                {
                    span.SetTag(AspNetCoreNames.Route, route);

                    // Only our own provisional name is replaced: a framework on top (gRPC) may have named the span already.
                    if (activity.DisplayName == state.Name)
                    {
                        activity.DisplayName = template!.SpanName(state.Method!, route);
                    }
                }

                if (status >= 500)
                {
                    span.SetError(string.Concat("HTTP ", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }
        finally
        {
            // The hosting layer stops its request Activity itself: the adopted one, or the Entry span standing in for it.
            if (!ReferenceEquals(activity, frameworkActivity))
            {
                span.Stop();
            }
        }
    }

    // What the hosting layer starts when only logging wants an Activity: a bare one, child of the caller's traceparent.
    private static Activity StartLoggingActivity(object httpContext, HttpContextShape http)
    {
        var activity = new Activity(AspNetCoreNames.HostingActivity);
        if (http.Header(httpContext, "traceparent") is { Length: > 0 } traceParent)
        {
            activity.SetParentId(traceParent);
            activity.TraceStateString = http.Header(httpContext, "tracestate");
        }

        return activity.Start();
    }

    /// <summary>The open request of one hosting context.</summary>
    private sealed class RequestState
    {
        public TracingSpan Span;
        public string? Name;
        public string? Method;
    }
}
