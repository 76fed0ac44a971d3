using Sightline.Spi.Plugins;

namespace Sightline.Spi.Tests.Plugins;

/// <summary>The emitted readers plugins use for types they cannot reference, read through <see cref="object"/>.</summary>
public sealed class MemberAccessTests
{
    [Fact]
    public void A_chain_reads_properties_and_fields_through_value_types_and_hidden_members()
    {
        var request = new Request { Path = new PathValue("/orders/7") };
        object context = new DerivedContext(request, 201);

        Assert.Equal("/orders/7", MemberAccess.Getter<string?>(typeof(Context), "Request.Path.Value")(context));
        Assert.Equal(201, MemberAccess.Getter<int>(typeof(Context), "_status")(context));
        Assert.Equal(201, MemberAccess.Getter<object>(typeof(Context), "_status")(context));
        Assert.Equal(9, MemberAccess.Getter<int>(typeof(Context), "Request.Path.Length")(context));
        Assert.Equal(2, MemberAccess.Getter<int>(typeof(Context), "Request.Kind")(context));
        Assert.Equal(DayOfWeek.Tuesday, MemberAccess.Getter<DayOfWeek>(typeof(Context), "Request.Kind")(context));
    }

    [Fact]
    public void A_null_on_the_way_gives_the_default()
    {
        object context = new DerivedContext(null, 0);

        Assert.Null(MemberAccess.Getter<string?>(typeof(Context), "Request.Path.Value")(context));
        Assert.Equal(0, MemberAccess.Getter<int>(typeof(Context), "Request.Path.Length")(context));
        Assert.Null(MemberAccess.Getter<string?>(typeof(Context), "Request.Name")(null!));
    }

    [Fact]
    public void A_missing_member_or_impossible_conversion_is_refused_when_built()
    {
        var missing = Assert.Throws<MissingMemberException>(() => MemberAccess.Getter<string>(typeof(Context), "Request.Nope"));
        Assert.Contains("Nope", missing.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidCastException>(() => MemberAccess.Getter<int>(typeof(Context), "Request.Path"));
    }

    [Fact]
    public void An_object_of_another_type_is_an_invalid_cast_not_a_misread()
    {
        var getter = MemberAccess.Getter<string?>(typeof(Context), "Request.Name");
        Assert.Throws<InvalidCastException>(() => getter("not a context"));
    }

    [Fact]
    public void An_indexer_at_the_end_of_a_chain_is_read_as_text()
    {
        var request = new Request { Path = new PathValue("/") };
        request.Store.Add("traceparent", new HeaderValues("a", "b"));
        object context = new DerivedContext(request, 200);
        var read = MemberAccess.IndexedText<string>(typeof(Context), "Request.Headers", typeof(IHeaders).FullName!);

        Assert.Equal("a,b", read(context, "traceparent"));
        Assert.Equal(string.Empty, read(context, "absent"));
        Assert.Null(read(new DerivedContext(null, 0), "traceparent"));
        Assert.Throws<MissingMemberException>(() => MemberAccess.IndexedText<string>(typeof(Context), "Request.Headers", "Some.Other.Dictionary"));
    }

    [Fact]
    public void A_static_method_of_one_parameter_is_called_with_the_argument_cast()
    {
        var call = MemberAccess.StaticCall<object?>(typeof(ContextExtensions).GetMethod(nameof(ContextExtensions.Describe))!);

        Assert.Equal("context 404", call(new DerivedContext(null, 404)));
        Assert.Throws<InvalidCastException>(() => call("not a context"));
        Assert.Throws<ArgumentException>(() => MemberAccess.StaticCall<string>(typeof(Request).GetMethod(nameof(Request.ToString))!));
    }

    [Fact]
    public void A_base_type_is_found_by_name_in_the_hierarchy()
    {
        Assert.Equal(typeof(Context), MemberAccess.BaseNamed(typeof(DerivedContext), typeof(Context).FullName!));
        Assert.Throws<MissingMemberException>(() => MemberAccess.BaseNamed(typeof(DerivedContext), "No.Such.Type"));
    }

    public interface IHeaders
    {
        HeaderValues this[string key] { get; }
    }

    public readonly struct PathValue(string value)
    {
        public string Value { get; } = value;

        public int Length => Value.Length;
    }

    public readonly struct HeaderValues(params string[] values)
    {
        public override string ToString() => string.Join(',', values ?? []);
    }

    public abstract class Context
    {
        private readonly int _status;

        protected Context(int status) => _status = status;

        public abstract Request? Request { get; }
    }

    public sealed class DerivedContext(Request? request, int status) : Context(status)
    {
        public override Request? Request => request;
    }

    public sealed class Request
    {
        public string Name => "request";

        public DayOfWeek Kind => DayOfWeek.Tuesday;

        public PathValue Path { get; set; }

        public IHeaders Headers => Store;

        public Headers Store { get; } = new();
    }

    public sealed class Headers : Dictionary<string, HeaderValues>, IHeaders
    {
        HeaderValues IHeaders.this[string key] => TryGetValue(key, out var values) ? values : default;
    }

    public static class ContextExtensions
    {
        public static string Describe(Context context) => "context " + MemberAccess.Getter<int>(typeof(Context), "_status")(context);
    }
}
