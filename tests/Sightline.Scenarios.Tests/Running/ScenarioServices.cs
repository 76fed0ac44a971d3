using Npgsql;
using Sightline.Scenarios.Definition;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>
/// The services a scenario may require (<c>requires:</c> in scenario.yaml): checked before the scenario runs, and
/// handed to its apps through configuration.
/// </summary>
internal static class ScenarioServices
{
    public const string PostgresVariable = "SIGHTLINE_TEST_POSTGRES";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Timeout=5";

    /// <summary>Why <paramref name="scenario"/> cannot run here, or null when every service it requires answers.</summary>
    /// <exception cref="ScenarioException">The scenario requires a service this host does not know.</exception>
    public static async Task<string?> PrepareAsync(ScenarioDefinition scenario, CancellationToken cancellationToken)
    {
        foreach (var service in scenario.Requires)
        {
            var problem = service switch
            {
                "postgres" => await PreparePostgresAsync(scenario, cancellationToken),
                _ => throw new ScenarioException($"scenario '{scenario.Name}' requires '{service}', which the scenario tests do not provide (known: postgres)"),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    // The apps read Postgres:ConnectionString; the harness clears SIGHTLINE_* variables, so it is passed on by name.
    private static async Task<string?> PreparePostgresAsync(ScenarioDefinition scenario, CancellationToken cancellationToken)
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured ? configured : DefaultPostgres;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            return $"No PostgreSQL server reachable ({ex.Message}). Run .ci/install.d/postgresql.sh as root, or set {PostgresVariable} to a connection string.";
        }

        scenario.Environment["Postgres__ConnectionString"] = connectionString;
        return null;
    }
}
