using Sightline.Core.Plugins;
using Sightline.Plugins.AdoNet.Npgsql;
using Sightline.Plugins.AdoNet.SqlClient;
using Sightline.Plugins.AdoNet.Sqlite;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary><c>SIGHTLINE_ADONET_MAX_STATEMENT_LENGTH</c>, and switching each plugin off by its id.</summary>
public sealed class AdoNetOptionsTests
{
    [Theory]
    [InlineData(null, 2048)]
    [InlineData("", 2048)]
    [InlineData(" 300 ", 300)]
    [InlineData("0", 0)]
    [InlineData("1048576", 1048576)]
    public void Good_values_are_taken(string? value, int expected)
    {
        Assert.Equal(expected, AdoNetOptions.Parse(value, out var problem).MaxStatementLength);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("-1", 2048)]
    [InlineData("2k", 2048)]
    [InlineData("1048577", 2048)]
    [InlineData("99999999999999999999", 2048)]
    [InlineData("5", 16)]
    public void Bad_values_fall_back_and_say_why(string value, int expected)
    {
        Assert.Equal(expected, AdoNetOptions.Parse(value, out var problem).MaxStatementLength);
        Assert.NotNull(problem);
        Assert.Contains(AdoNetOptions.MaxStatementLengthVariable, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adonet-sqlite", typeof(Microsoft.Data.Sqlite.SqliteCommand))]
    [InlineData("ADONET-NPGSQL", typeof(global::Npgsql.NpgsqlCommand))]
    [InlineData("adonet-sqlclient", typeof(Microsoft.Data.SqlClient.SqlCommand))]
    public void Each_plugin_is_switched_off_by_its_id(string excluded, Type command)
    {
        var decisions = new DecisionLog();
        var options = new PluginOptions(new HashSet<string> { excluded }, new HashSet<string>());
        var matcher = new PluginMatcher([new SqlitePlugin(), new NpgsqlPlugin(), new SqlClientPlugin()], options, decisions);

        Assert.Empty(matcher.Match(command.Assembly));
        Assert.Contains(decisions.Snapshot(), d => string.Equals(d.PluginId, excluded, StringComparison.OrdinalIgnoreCase) && d.Outcome == PluginOutcome.Disabled);
        Assert.Equal(2, matcher.Plugins.Count);
    }

    [Fact]
    public void With_every_plugin_on_each_provider_has_its_methods_matched()
    {
        var matcher = new PluginMatcher([new SqlitePlugin(), new NpgsqlPlugin(), new SqlClientPlugin()], PluginOptions.Default, new DecisionLog());
        Assert.Equal(3, matcher.Match(typeof(Microsoft.Data.Sqlite.SqliteCommand).Assembly).Count);
        Assert.Equal(9, matcher.Match(typeof(global::Npgsql.NpgsqlCommand).Assembly).Count);
        Assert.Equal(10, matcher.Match(typeof(Microsoft.Data.SqlClient.SqlCommand).Assembly).Count);
    }
}
