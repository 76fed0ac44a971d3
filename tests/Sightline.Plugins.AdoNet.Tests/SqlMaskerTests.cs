namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>Literal masking: values never reach a span, the statement's shape does.</summary>
public sealed class SqlMaskerTests
{
    private const int Long = 4096;

    [Theory]
    [InlineData("SELECT * FROM t WHERE name = 'bob'", "SELECT * FROM t WHERE name = ?")]
    [InlineData("SELECT 'it''s', 'a' 'b'", "SELECT ?, ? ?")]
    [InlineData("SELECT '' , ''''", "SELECT ? , ?")]
    [InlineData("SELECT 'a -- not a comment', x", "SELECT ?, x")]
    [InlineData("SELECT 'a /* not */ comment' FROM t", "SELECT ? FROM t")]
    [InlineData("SELECT 'say \"hi\"'", "SELECT ?")]
    [InlineData("SELECT N'Zoë', n'x'", "SELECT ?, ?")]
    [InlineData("SELECT E'it\\'s', e'\\\\'", "SELECT ?, ?")]
    [InlineData("SELECT 'back\\', 1", "SELECT ?, ?")]
    [InlineData("SELECT X'DEADBEEF', B'0101', U&'d\\0061t'", "SELECT ?, ?, ?")]
    [InlineData("SELECT $$it's $1$$, $body$ a $$ b $body$", "SELECT ?, ?")]
    [InlineData("SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = $1 AND b = $2")]
    [InlineData("SELECT * FROM t WHERE a = @p0 AND b = :name AND c = ? AND d = @p1", "SELECT * FROM t WHERE a = @p0 AND b = :name AND c = ? AND d = @p1")]
    public void Strings_are_masked_whatever_their_quoting(string sql, string expected) =>
        Assert.Equal(expected, SqlMasker.Mask(sql, Long, bracketIdentifiers: true));

    [Theory]
    [InlineData("SELECT 42, 3.14, .5, 1e10, 2.5E-3, 7e+2", "SELECT ?, ?, ?, ?, ?, ?")]
    [InlineData("SELECT 0x1F, 0XABCDEF", "SELECT ?, ?")]
    [InlineData("UPDATE t SET a = -5, b = (-7), c = x-1, d = 3 - 2, e = -.5", "UPDATE t SET a = ?, b = (?), c = x-?, d = ? - ?, e = ?")]
    [InlineData("SELECT t1.c2, col_3, \"table 4\".x5 FROM t1 JOIN t22 ON t1.id = t22.id", "SELECT t1.c2, col_3, \"table 4\".x5 FROM t1 JOIN t22 ON t1.id = t22.id")]
    [InlineData("SELECT [Order 2].[Line 3] FROM [Order 2] WHERE [a]]b] = 9", "SELECT [Order 2].[Line 3] FROM [Order 2] WHERE [a]]b] = ?")]
    [InlineData("SELECT `col 1` FROM `t2` LIMIT 10 OFFSET 20", "SELECT `col 1` FROM `t2` LIMIT ? OFFSET ?")]
    [InlineData("SELECT #tmp1.a FROM #tmp1", "SELECT #tmp1.a FROM #tmp1")]
    [InlineData("SELECT a$1, ä1 FROM t", "SELECT a$1, ä1 FROM t")]
    public void Numbers_are_masked_but_not_inside_names(string sql, string expected) =>
        Assert.Equal(expected, SqlMasker.Mask(sql, Long, bracketIdentifiers: true));

    [Fact]
    public void PostgreSQL_brackets_are_arrays_whose_values_are_masked() =>
        Assert.Equal("SELECT ARRAY[?, ?][?], a[?]", SqlMasker.Mask("SELECT ARRAY[1, 2][1], a[3]", Long, bracketIdentifiers: false));

    [Theory]
    [InlineData("SELECT 1 -- it's 2 'three'\nFROM t", "SELECT ? -- it's 2 'three'\nFROM t")]
    [InlineData("SELECT /* it's 5 */ 6", "SELECT /* it's 5 */ ?")]
    [InlineData("SELECT /* outer /* inner 'x' */ still comment 7 */ 8", "SELECT /* outer /* inner 'x' */ still comment 7 */ ?")]
    [InlineData("SELECT 1 /* never closed 'x' 2", "SELECT ? /* never closed 'x' 2")]
    [InlineData("SELECT 1 - -2", "SELECT ? - ?")]
    public void Comments_are_kept_and_their_quotes_open_no_string(string sql, string expected) =>
        Assert.Equal(expected, SqlMasker.Mask(sql, Long, bracketIdentifiers: true));

    [Theory]
    [InlineData("SELECT 'never closed, secret", "SELECT ?")]
    [InlineData("SELECT $tag$ never closed secret", "SELECT ?")]
    [InlineData("SELECT \"never closed", "SELECT \"never closed")]
    [InlineData("SELECT E'\\", "SELECT ?")]
    [InlineData("'", "?")]
    [InlineData("", "")]
    [InlineData("$", "$")]
    [InlineData("-", "-")]
    [InlineData("0x", "?x")]
    [InlineData("1e", "?e")]
    public void Unterminated_and_degenerate_input_never_leaks_or_throws(string sql, string expected) =>
        Assert.Equal(expected, SqlMasker.Mask(sql, Long, bracketIdentifiers: true));

    [Fact]
    public void A_long_statement_is_cut_at_the_limit_with_an_ellipsis()
    {
        var sql = "INSERT INTO t VALUES " + string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"({i}, 'name {i}')"));
        var masked = SqlMasker.Mask(sql, 64, bracketIdentifiers: true);
        Assert.Equal(64, masked.Length);
        Assert.Equal("INSERT INTO t VALUES (?, ?), (?, ?), (?, ?), (?, ?), (?, ?), ...", masked);
    }

    [Fact]
    public void A_statement_exactly_at_the_limit_is_kept_whole()
    {
        var sql = new string('a', 32);
        Assert.Equal(sql, SqlMasker.Mask(sql, 32, bracketIdentifiers: true));
        Assert.Equal(new string('a', 29) + "...", SqlMasker.Mask(sql + "b", 32, bracketIdentifiers: true));
    }

    [Fact]
    public void A_huge_string_literal_or_comment_never_grows_the_result_past_the_limit()
    {
        var secret = new string('s', 5_000_000);
        Assert.Equal("SELECT ?, x", SqlMasker.Mask("SELECT '" + secret + "', x", 2048, bracketIdentifiers: true));
        var comment = SqlMasker.Mask("SELECT /*" + secret + "*/ 1", 100, bracketIdentifiers: true);
        Assert.Equal(100, comment.Length);
        Assert.EndsWith("...", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_below_the_minimum_is_raised_to_it() =>
        Assert.Equal(SqlMasker.MinLength, SqlMasker.Mask(new string('a', 100), 1, bracketIdentifiers: true).Length);

    [Fact]
    public void Hostile_input_never_throws_and_never_passes_the_limit()
    {
        var random = new Random(20261124);
        const string alphabet = "'\"`[]$-/*\\\n\t 0123456789.eExXnN,()@:;abcé\0\uFFFF\uD800";
        for (var round = 0; round < 5000; round++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var masked = SqlMasker.Mask(new string(chars), 64, round % 2 == 0);
            Assert.True(masked.Length <= 64);
        }
    }

    [Fact]
    public void Random_statements_of_well_formed_tokens_mask_exactly_their_literals()
    {
        // Each token with what it must become; every secret literal holds "zq", which no kept token contains.
        (string Sql, string Masked)[] tokens =
        [
            ("t1", "t1"), ("col_2", "col_2"), ("\"Quoted 3\"", "\"Quoted 3\""), ("`bt 4`", "`bt 4`"), ("@p1", "@p1"), ("$2", "$2"),
            (":name", ":name"), ("?", "?"), ("SELECT", "SELECT"), ("(", "("), (")", ")"), ("/* it's 5 */", "/* it's 5 */"),
            ("'zq'", "?"), ("'zq''s'", "?"), ("N'zq'", "?"), ("E'zq\\'s'", "?"), ("$$zq$$", "?"), ("$tag$zq 'x' $tag$", "?"),
            ("X'2F'", "?"), ("123", "?"), ("4.5", "?"), (".5", "?"), ("6e7", "?"), ("0x1F", "?"), ("= -8", "= ?"), ("= -.9", "= ?"),
        ];
        string[] separators = [" ", ", ", " = ", "\n", " + "];
        var random = new Random(7);
        for (var round = 0; round < 2000; round++)
        {
            var sql = new System.Text.StringBuilder();
            var expected = new System.Text.StringBuilder();
            for (var n = random.Next(1, 30); n > 0; n--)
            {
                var (text, masked) = tokens[random.Next(tokens.Length)];
                var separator = separators[random.Next(separators.Length)];
                sql.Append(text).Append(separator);
                expected.Append(masked).Append(separator);
            }

            Assert.Equal(expected.ToString(), SqlMasker.Mask(sql.ToString(), Long, bracketIdentifiers: false));
        }
    }

    [Theory]
    [InlineData("select * from t", "SELECT")]
    [InlineData("  \n-- leading comment\n/* block */ (SELECT 1) UNION (SELECT 2)", "SELECT")]
    [InlineData("insert into t values (1)", "INSERT")]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x", "WITH")]
    [InlineData("PRAGMA journal_mode=WAL", "PRAGMA")]
    [InlineData("Robert'); DROP TABLE students;--", "QUERY")]
    [InlineData("", "QUERY")]
    [InlineData("/* never closed", "QUERY")]
    public void The_operation_is_the_leading_keyword_from_a_fixed_list(string sql, string expected) =>
        Assert.Equal(expected, SqlOperation.Of(sql));
}
