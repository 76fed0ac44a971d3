namespace Sightline.Plugins.AdoNet;

/// <summary>
/// The statement's leading keyword (<c>SELECT</c>, <c>INSERT</c>...), past leading blanks, comments and parentheses,
/// from a fixed list: operation names must stay few, and nothing the application wrote becomes one.
/// </summary>
internal static class SqlOperation
{
    public const string Other = "QUERY";
    public const string Call = "CALL";

    private static readonly string[] Known =
    [
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "WITH", "VALUES", "CREATE", "DROP", "ALTER",
        "TRUNCATE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA", "VACUUM", "ANALYZE", "EXPLAIN",
        "EXEC", "EXECUTE", "CALL", "DECLARE", "SET", "SHOW", "USE", "COPY", "GRANT", "REVOKE", "LOCK", "LISTEN",
        "NOTIFY", "PREPARE", "DEALLOCATE", "REINDEX", "ATTACH", "DETACH", "IF",
    ];

    /// <summary>The leading keyword in upper case, or <see cref="Other"/>.</summary>
    public static string Of(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c) || c is '(' or ';')
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        var start = i;
        while (i < sql.Length && char.IsAsciiLetter(sql[i]))
        {
            i++;
        }

        var word = sql.AsSpan(start, i - start);
        foreach (var known in Known)
        {
            if (word.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return Other;
    }
}
