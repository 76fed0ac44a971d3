namespace Sightline.Plugins.AspNetCore.Tests;

/// <summary>Route patterns reduced to http.route as OpenTelemetry's ASP.NET Core instrumentation does.</summary>
public sealed class HttpRouteTests
{
    [Theory]
    [InlineData("/orders/{id}", "/orders/{id}")]
    [InlineData("/orders/{id:int}", "/orders/{id}")]
    [InlineData("orders/{id:int:min(1)}", "/orders/{id}")]
    [InlineData("/orders/{id=7}", "/orders/{id}")]
    [InlineData("/orders/{id:int=7}/lines", "/orders/{id}/lines")]
    [InlineData("/files/{**path}", "/files/{path}")]
    [InlineData("/files/{*path:nonfile}", "/files/{path}")]
    [InlineData("/zip/{code:regex(^\\d{{5}}$)}/shops", "/zip/{code}/shops")]
    [InlineData("/dates/{day:regex(^\\d+/\\d+$)}", "/dates/{day}")]
    [InlineData("/files/{name}.{ext}", "/files/{name}.{ext}")]
    [InlineData("/literal/{{braces}}", "/literal/{braces}")]
    [InlineData("~/admin/{id:guid}", "/admin/{id}")]
    [InlineData("/", "/")]
    [InlineData("/health/", "/health")]
    public void Constraints_defaults_and_catch_all_markers_are_removed(string raw, string expected)
    {
        var route = HttpRoute.Parse(raw, static _ => null);

        Assert.Equal(expected, route.Resolve(static _ => true));
    }

    [Theory]
    [InlineData("/orders/{id?}", true, "/orders/{id}")]
    [InlineData("/orders/{id?}", false, "/orders")]
    [InlineData("/orders/{id:int?}/lines", false, "/orders/lines")]
    [InlineData("/files/{name}.{ext?}", true, "/files/{name}.{ext}")]
    [InlineData("/files/{name}.{ext?}", false, "/files/{name}")]
    [InlineData("/{id?}", false, "/")]
    public void An_optional_parameter_is_kept_only_when_the_request_has_a_value_for_it(string raw, bool hasValue, string expected)
    {
        var route = HttpRoute.Parse(raw, static _ => null);

        Assert.Equal(expected, route.Resolve(name => hasValue && name is "id" or "ext"));
    }

    [Fact]
    public void Controller_and_action_become_the_values_the_endpoint_is_bound_to()
    {
        var bound = new Dictionary<string, string> { ["area"] = "Shop", ["controller"] = "Orders", ["action"] = "Details" };
        var route = HttpRoute.Parse("{area:exists}/{controller=Home}/{action=Index}/{id?}", name => bound.GetValueOrDefault(name));

        Assert.Equal("/Shop/Orders/Details/{id}", route.Resolve(name => name == "id"));
        Assert.Equal("/Shop/Orders/Details", route.Resolve(static _ => false));
    }

    [Fact]
    public void Controller_and_action_without_bound_values_stay_parameters()
    {
        var route = HttpRoute.Parse("/{controller}/{action}", static _ => null);

        Assert.Equal("/{controller}/{action}", route.Resolve(static _ => true));
    }

    [Fact]
    public void An_unterminated_parameter_is_read_to_the_end_without_failing()
    {
        var route = HttpRoute.Parse("/orders/{id:int", static _ => null);

        Assert.Equal("/orders/{id}", route.Resolve(static _ => true));
    }

    [Fact]
    public void A_fixed_route_names_its_spans_once_per_method()
    {
        var route = HttpRoute.Parse("/products/{id:int}", static _ => null);
        var resolved = route.Resolve(static _ => true);

        var first = route.SpanName("GET", resolved);
        Assert.Equal("GET /products/{id}", first);
        Assert.Same(first, route.SpanName(new string("GET".AsSpan()), route.Resolve(static _ => false)));
        Assert.Equal("POST /products/{id}", route.SpanName("POST", resolved));
        Assert.Same(first, route.SpanName("GET", resolved));
    }

    [Fact]
    public void A_route_with_an_optional_parameter_is_named_after_what_this_request_resolved()
    {
        var route = HttpRoute.Parse("/files/{name}.{ext?}", static _ => null);
        Assert.Null(route.Fixed);

        Assert.Equal("GET /files/{name}.{ext}", route.SpanName("GET", route.Resolve(static _ => true)));
        Assert.Equal("GET /files/{name}", route.SpanName("GET", route.Resolve(static _ => false)));
    }

    [Fact]
    public void Resolving_with_state_asks_about_each_optional_parameter()
    {
        var route = HttpRoute.Parse("/{controller}/{action}/{id?}", static _ => null);
        var values = new Dictionary<string, object?> { ["id"] = 3 };

        Assert.Equal("/{controller}/{action}/{id}", route.Resolve(values, static (v, name) => v.ContainsKey(name)));
        Assert.Equal("/{controller}/{action}", route.Resolve(new Dictionary<string, object?>(), static (v, name) => v.ContainsKey(name)));
    }
}
