using Sightline.Core.Configuration;
using Sightline.Core.Tests.Architecture;

namespace Sightline.Core.Tests.Configuration;

/// <summary>docs/configuration.md is the user's reference: every setting must be there, with its variables.</summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void Every_setting_and_its_environment_variables_are_documented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "configuration.md"));

        foreach (var setting in AgentSettings.All)
        {
            Assert.Contains($"`{setting.Key}`", docs, StringComparison.Ordinal);
            foreach (var variable in setting.EnvironmentVariables)
            {
                Assert.Contains($"`{variable}`", docs, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_setting_key_and_variable_is_unique()
    {
        Assert.Equal(AgentSettings.All.Count, AgentSettings.All.Select(s => s.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var variables = AgentSettings.All.SelectMany(s => s.EnvironmentVariables).ToList();
        Assert.Equal(variables.Count, variables.Distinct(StringComparer.Ordinal).Count());
    }
}
