using System.Text;

namespace Sightline.Plugins.AdoNet;

/// <summary>
/// Replaces the literals of a SQL statement with <c>?</c> so that values (names, card numbers, amounts) never reach a
/// span, keeping its shape: identifiers (<c>t1</c>, <c>"Order 2"</c>, <c>[Order 2]</c>), parameters (<c>@p0</c>,
/// <c>:id</c>, <c>$1</c>, <c>?</c>), keywords, operators and comments stay as written.
/// Masked: <c>'strings'</c> (with <c>''</c> inside, and backslash escapes in PostgreSQL's <c>E'...'</c>), prefixed
/// strings (<c>N'..'</c>, <c>E'..'</c>, <c>X'..'</c>, <c>B'..'</c>, <c>U&amp;'..'</c>), PostgreSQL dollar-quoted strings
/// (<c>$$..$$</c>, <c>$tag$..$tag$</c>), and numbers (<c>42</c>, <c>-7</c>, <c>3.5</c>, <c>.5</c>, <c>1e-3</c>,
/// <c>0x1F</c>). One pass, no regular expression; an unterminated literal is masked to the end of the text, and the
/// scan stops once <paramref name="maxLength"/> characters are written, so a huge statement costs no more than a
/// short one.
/// </summary>
internal static class SqlMasker
{
    public const string Ellipsis = "...";
    public const int MinLength = 16;

    /// <summary>Masks <paramref name="sql"/>, cut to <paramref name="maxLength"/> characters (ending in <c>...</c> when cut).</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="maxLength">The longest result; at least <see cref="MinLength"/>.</param>
    /// <param name="bracketIdentifiers">True where <c>[name]</c> is an identifier (SQL Server, SQLite); PostgreSQL uses brackets for arrays.</param>
    public static string Mask(string sql, int maxLength, bool bracketIdentifiers)
    {
        ArgumentNullException.ThrowIfNull(sql);
        maxLength = Math.Max(maxLength, MinLength);
        var scanner = new Scanner(sql, maxLength, bracketIdentifiers);
        return scanner.Run();
    }

    private ref struct Scanner
    {
        private readonly string _sql;
        private readonly int _limit;
        private readonly bool _brackets;
        private readonly StringBuilder _out;
        private int _i;

        public Scanner(string sql, int maxLength, bool brackets)
        {
            _sql = sql;
            _limit = maxLength;
            _brackets = brackets;
            _out = new StringBuilder(Math.Min(sql.Length, maxLength) + 1);
        }

        public string Run()
        {
            var sql = _sql;
            while (_i < sql.Length && _out.Length <= _limit)
            {
                var c = sql[_i];
                var next = _i + 1 < sql.Length ? sql[_i + 1] : '\0';
                if (c == '-' && next == '-')
                {
                    CopyLineComment();
                }
                else if (c == '/' && next == '*')
                {
                    CopyBlockComment();
                }
                else if (c == '\'')
                {
                    SkipString(_i, backslashEscapes: false);
                }
                else if (IsStringPrefix(c, next) && !AfterIdentifier())
                {
                    SkipString(_i + 1, backslashEscapes: c is 'e' or 'E');
                }
                else if ((c is 'u' or 'U') && next == '&' && At(_i + 2) == '\'' && !AfterIdentifier())
                {
                    SkipString(_i + 2, backslashEscapes: false);
                }
                else if (c == '$' && !AfterIdentifier() && DollarTagEnd(_i) is var tagEnd and > 0)
                {
                    SkipDollarString(tagEnd);
                }
                else if (c == '"' || c == '`' || (c == '[' && _brackets))
                {
                    CopyQuotedIdentifier(c == '[' ? ']' : c);
                }
                else if (IsIdentifierChar(c) && !char.IsAsciiDigit(c))
                {
                    CopyIdentifier();
                }
                else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next) && !AfterIdentifier()))
                {
                    SkipNumber();
                }
                else if (c == '-' && (char.IsAsciiDigit(next) || (next == '.' && char.IsAsciiDigit(At(_i + 2)))) && AfterOperator())
                {
                    _i++;
                    SkipNumber();
                }
                else
                {
                    _out.Append(c);
                    _i++;
                }
            }

            if (_out.Length > _limit)
            {
                _out.Length = _limit - Ellipsis.Length;
                _out.Append(Ellipsis);
            }

            return _out.ToString();
        }

        private readonly char At(int index) => index < _sql.Length ? _sql[index] : '\0';

        private static bool IsStringPrefix(char c, char next) => next == '\'' && c is 'n' or 'N' or 'e' or 'E' or 'x' or 'X' or 'b' or 'B';

        private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '@' or '#' or '$';

        // True when the previous character continues a name: names are copied whole, so this only guards prefixes
        // and dots met right after one (`t.5` is not a number).
        private readonly bool AfterIdentifier() => _i > 0 && IsIdentifierChar(_sql[_i - 1]);

        // A minus is a sign (not a subtraction) after an operator, an opening parenthesis, a comma, or at the start.
        private readonly bool AfterOperator()
        {
            for (var j = _out.Length - 1; j >= 0; j--)
            {
                var p = _out[j];
                if (char.IsWhiteSpace(p))
                {
                    continue;
                }

                return p is '(' or ',' or '=' or '<' or '>' or '!' or '+' or '-' or '*' or '/' or '%' or '|' or '&' or '^' or '~';
            }

            return true;
        }

        private void Append(int start, int end)
        {
            // Never write past the limit (plus one character, which tells Run the text was cut).
            var room = _limit + 1 - _out.Length;
            if (room > 0)
            {
                _out.Append(_sql, start, Math.Min(end - start, room));
            }
        }

        private void CopyLineComment()
        {
            var end = _sql.IndexOf('\n', _i);
            end = end < 0 ? _sql.Length : end;
            Append(_i, end);
            _i = end;
        }

        private void CopyBlockComment()
        {
            // PostgreSQL nests block comments; the others end at the first */, which nesting also finds for them.
            var depth = 0;
            var j = _i;
            while (j < _sql.Length)
            {
                if (_sql[j] == '/' && At(j + 1) == '*')
                {
                    depth++;
                    j += 2;
                }
                else if (_sql[j] == '*' && At(j + 1) == '/')
                {
                    j += 2;
                    if (--depth == 0)
                    {
                        break;
                    }
                }
                else
                {
                    j++;
                }
            }

            Append(_i, j);
            _i = j;
        }

        private void SkipString(int quote, bool backslashEscapes)
        {
            var j = quote + 1;
            while (j < _sql.Length)
            {
                var c = _sql[j];
                if (backslashEscapes && c == '\\')
                {
                    j += 2;
                }
                else if (c == '\'')
                {
                    if (At(j + 1) == '\'')
                    {
                        j += 2;
                    }
                    else
                    {
                        j++;
                        break;
                    }
                }
                else
                {
                    j++;
                }
            }

            _out.Append('?');
            _i = Math.Min(j, _sql.Length);
        }

        // `$$` or `$tag$` where tag is a name that does not start with a digit (`$1` is a parameter); 0 when not one.
        private readonly int DollarTagEnd(int start)
        {
            var j = start + 1;
            if (j < _sql.Length && (char.IsLetter(_sql[j]) || _sql[j] == '_'))
            {
                while (j < _sql.Length && (char.IsLetterOrDigit(_sql[j]) || _sql[j] == '_'))
                {
                    j++;
                }
            }

            return j < _sql.Length && _sql[j] == '$' ? j + 1 : 0;
        }

        private void SkipDollarString(int tagEnd)
        {
            var tag = _sql.AsSpan(_i, tagEnd - _i);
            var close = _sql.AsSpan(tagEnd).IndexOf(tag, StringComparison.Ordinal);
            _out.Append('?');
            _i = close < 0 ? _sql.Length : tagEnd + close + tag.Length;
        }

        private void CopyQuotedIdentifier(char close)
        {
            var j = _i + 1;
            while (j < _sql.Length)
            {
                if (_sql[j] == close)
                {
                    if (At(j + 1) == close)
                    {
                        j += 2;
                        continue;
                    }

                    j++;
                    break;
                }

                j++;
            }

            Append(_i, j);
            _i = j;
        }

        private void CopyIdentifier()
        {
            var j = _i;
            while (j < _sql.Length && IsIdentifierChar(_sql[j]))
            {
                j++;
            }

            Append(_i, j);
            _i = j;
        }

        private void SkipNumber()
        {
            var j = _i;
            if (_sql[j] == '0' && At(j + 1) is 'x' or 'X' && char.IsAsciiHexDigit(At(j + 2)))
            {
                j += 2;
                while (j < _sql.Length && char.IsAsciiHexDigit(_sql[j]))
                {
                    j++;
                }
            }
            else
            {
                while (j < _sql.Length && char.IsAsciiDigit(_sql[j]))
                {
                    j++;
                }

                if (At(j) == '.')
                {
                    j++;
                    while (j < _sql.Length && char.IsAsciiDigit(_sql[j]))
                    {
                        j++;
                    }
                }

                if (At(j) is 'e' or 'E' && (char.IsAsciiDigit(At(j + 1)) || (At(j + 1) is '+' or '-' && char.IsAsciiDigit(At(j + 2)))))
                {
                    j += 2;
                    while (j < _sql.Length && char.IsAsciiDigit(_sql[j]))
                    {
                        j++;
                    }
                }
            }

            _out.Append('?');
            _i = j;
        }
    }
}
