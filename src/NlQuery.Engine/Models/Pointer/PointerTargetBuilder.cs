using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Sql.Lexing;

namespace NlQuery.Models.Pointer;

/// <summary>
/// Turns a gold SQL query into the pointer model's target actions for one <see cref="PointerInput"/>: keywords and
/// symbols from the vocabulary, tables and columns as pointers at the positions that show them (a column resolved
/// through the query's aliases to its table), string literals as a matched value or as copied question words,
/// numbers from the vocabulary or copied. A query that cannot be written from the input (a table the summariser
/// left out, a literal the question does not contain) is refused with the reason, and never trained on.
/// </summary>
public sealed class PointerTargetBuilder
{
    private readonly SqlParser _parser;

    /// <param name="parser">The model dialect's parser over the example's schema (Guards mode): the rendered target must parse complete.</param>
    public PointerTargetBuilder(SqlParser parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        _parser = parser;
    }

    /// <summary>The target, or null with <paramref name="reason"/> saying why the query cannot be written from this input.</summary>
    public PointerTarget? TryBuild(string sql, PointerActions actions, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(actions);
        reason = null;
        List<Token> tokens;
        try
        {
            tokens = SqlParser.Tokenize(sql.Trim().TrimEnd(';'), _parser.Dialect);
        }
        catch (Exception e) when (e is SqlParseException or InvalidOperationException)
        {
            reason = "the query does not lex: " + e.Message;
            return null;
        }
        var input = actions.Input;
        var vocabulary = actions.Vocabulary;
        var aliases = Aliases(tokens, input);
        var queryTables = tokens.Where(t => t.IsName).Select(t => input.Selection.Schema.FindTable(Unquote(t))).OfType<Table>().ToHashSet();
        var steps = new List<IReadOnlyList<int>>();

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.End)
                break;
            var lower = token.Text.ToLowerInvariant();
            var afterDot = i > 0 && tokens[i - 1].Is(Sym.Dot);
            List<int>? step = null;
            switch (token.Kind)
            {
                case TokenKind.Symbol:
                    step = Vocabulary(vocabulary, lower);
                    break;
                case TokenKind.Integer or TokenKind.Decimal:
                    step = Number(actions, token.Text);
                    if (step is null && NumberCopies(actions, token.Text) is { } copies)
                    {
                        steps.AddRange(copies);
                        continue;
                    }
                    break;
                case TokenKind.String:
                    if (!Literal(actions, StringContent(token.Text), steps, out reason))
                        return null;
                    continue;
                default:
                    if (aliases.ContainsKey(lower) && !afterDot)
                    {
                        // An alias is written as the vocabulary's t1, t2, …: renumbered in order of definition.
                        step = Vocabulary(vocabulary, aliases[lower].Alias);
                        break;
                    }
                    var names = token.IsName || token.Kind == TokenKind.Keyword ? Names(actions, tokens, i, aliases, queryTables) : [];
                    if (token.Kind == TokenKind.Keyword && Vocabulary(vocabulary, lower) is { } keyword && (names.Count == 0 || !token.IsName))
                        step = keyword;
                    else if (names.Count > 0)
                        step = names;
                    else if (token.Kind == TokenKind.DoubleQuoted)
                    {
                        if (!Literal(actions, StringContent(token.Text), steps, out reason))
                            return null;
                        continue;
                    }
                    else
                        step = Vocabulary(vocabulary, lower);
                    break;
            }
            if (step is null)
            {
                reason = token.IsName || token.Kind == TokenKind.Keyword
                    ? $"'{token.Text}' is neither a vocabulary word nor a name the model input shows"
                    : $"'{token.Text}' cannot be written from the vocabulary or the question";
                return null;
            }
            steps.Add(step);
        }
        steps.Add([ActionVocabulary.End]);

        var target = new PointerTarget(steps);
        string text;
        try
        {
            text = actions.Render(steps.Take(steps.Count - 1).Select(s => s[0]));
        }
        catch (ArgumentException e)
        {
            reason = "the actions do not render: " + e.Message;
            return null;
        }
        var parsed = _parser.Parse(text);
        if (parsed.Status != ParseStatus.Complete)
        {
            reason = $"the rendered target is not a complete statement for the parser ({parsed.Error ?? "incomplete"}): {text}";
            return null;
        }
        return target;
    }

    private static List<int>? Vocabulary(ActionVocabulary vocabulary, string text) => vocabulary.TryGetId(text, out var id) ? [id] : null;

    /// <summary>A number: the vocabulary's entry and every question word spelling it (the loss accepts either).</summary>
    private static List<int>? Number(PointerActions actions, string text)
    {
        var set = new List<int>();
        if (actions.Vocabulary.TryGetId(text, out var id))
            set.Add(id);
        for (var p = 0; p < actions.Input.QuestionWordCount; p++)
        {
            if (actions.Input.Positions[p].Text == text)
                set.Add(actions.PointerTo(p));
        }
        return set.Count > 0 ? set : null;
    }

    /// <summary>
    /// A number the question spells as several words (<c>3.5</c> is "3", ".", "5"): one copy per word, which the
    /// spacing rules join without spaces. Null when the question has no such run.
    /// </summary>
    private static List<IReadOnlyList<int>>? NumberCopies(PointerActions actions, string text)
    {
        var words = PointerInputBuilder.SplitQuestion(text);
        if (words.Count < 2)
            return null;
        var at = FindRun(actions.Input, words, StringComparison.Ordinal);
        return at < 0 ? null : Enumerable.Range(at, words.Count).Select(p => (IReadOnlyList<int>)[actions.PointerTo(p)]).ToList();
    }

    /// <summary>
    /// A string literal: a pointer to a value position spelling it exactly, else an opening quote, copies of the
    /// question words it consists of (with <c>%</c> wildcards at either end kept), and the closing quote.
    /// </summary>
    private static bool Literal(PointerActions actions, string content, List<IReadOnlyList<int>> steps, out string? reason)
    {
        reason = null;
        var input = actions.Input;
        var values = Enumerable.Range(0, input.Positions.Count)
            .Where(p => input.Positions[p].Type == PositionType.Value && input.Positions[p].Text == content)
            .Select(actions.PointerTo).ToList();
        if (values.Count > 0)
        {
            steps.Add(values);
            return true;
        }
        var vocabulary = actions.Vocabulary;
        vocabulary.TryGetId("'", out var quote);
        vocabulary.TryGetId("%", out var percent);
        var leading = content.StartsWith('%');
        var trailing = content.Length > 1 && content.EndsWith('%');
        var core = content[(leading ? 1 : 0)..(content.Length - (trailing ? 1 : 0))];
        var words = PointerInputBuilder.SplitQuestion(core);
        var at = words.Count == 0 ? -1 : FindRun(input, words, StringComparison.Ordinal);
        if (at < 0 && words.Count > 0)
            at = FindRun(input, words, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || string.Join(' ', words) != core && !string.Join(' ', words).Equals(core, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"the literal '{content}' is neither a matched value nor words of the question";
            return false;
        }
        steps.Add([quote]);
        if (leading)
            steps.Add([percent]);
        for (var k = 0; k < words.Count; k++)
            steps.Add([actions.PointerTo(at + k)]);
        if (trailing)
            steps.Add([percent]);
        steps.Add([quote]);
        return true;
    }

    private static int FindRun(PointerInput input, IReadOnlyList<string> words, StringComparison comparison)
    {
        for (var start = 0; start + words.Count <= input.QuestionWordCount; start++)
        {
            var all = true;
            for (var k = 0; k < words.Count && all; k++)
                all = string.Equals(input.Positions[start + k].Text, words[k], comparison);
            if (all)
                return start;
        }
        return -1;
    }

    /// <summary>
    /// The positions a name token may point at: a table after FROM/JOIN (or anywhere it names one); a column of the
    /// aliased table after <c>alias.</c>; otherwise the columns of that name in the query's tables (any table's, if none).
    /// </summary>
    private static List<int> Names(PointerActions actions, List<Token> tokens, int i, Dictionary<string, (string Alias, Table Table)> aliases,
        HashSet<Table> queryTables)
    {
        var input = actions.Input;
        var name = Unquote(tokens[i]);
        var result = new List<int>();
        if (i >= 2 && tokens[i - 1].Is(Sym.Dot))
        {
            var qualifier = Unquote(tokens[i - 2]).ToLowerInvariant();
            var table = aliases.TryGetValue(qualifier, out var alias) ? alias.Table : input.Selection.Schema.FindTable(qualifier);
            for (var p = input.QuestionWordCount; p < input.Positions.Count; p++)
            {
                var position = input.Positions[p];
                if (position.Type == PositionType.Column && position.Table == table && string.Equals(position.Text, name, StringComparison.OrdinalIgnoreCase))
                    result.Add(actions.PointerTo(p));
            }
            return result;
        }
        var followedByDot = i + 1 < tokens.Count && tokens[i + 1].Is(Sym.Dot);
        for (var p = input.QuestionWordCount; p < input.Positions.Count; p++)
        {
            var position = input.Positions[p];
            if (position.Type == PositionType.Table && string.Equals(position.Text, name, StringComparison.OrdinalIgnoreCase))
                result.Add(actions.PointerTo(p));
        }
        if (result.Count > 0 || followedByDot)
            return result;
        var inQuery = new List<int>();
        for (var p = input.QuestionWordCount; p < input.Positions.Count; p++)
        {
            var position = input.Positions[p];
            if (position.Type != PositionType.Column || !string.Equals(position.Text, name, StringComparison.OrdinalIgnoreCase))
                continue;
            result.Add(actions.PointerTo(p));
            if (queryTables.Contains(position.Table!))
                inQuery.Add(actions.PointerTo(p));
        }
        return inQuery.Count > 0 ? inQuery : result;
    }

    /// <summary>The query's aliases (<c>table AS x</c>, or <c>table x</c>), lower-cased, each renumbered t1, t2, … in order of definition.</summary>
    private static Dictionary<string, (string Alias, Table Table)> Aliases(List<Token> tokens, PointerInput input)
    {
        var result = new Dictionary<string, (string, Table)>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!tokens[i].IsName || input.Selection.Schema.FindTable(Unquote(tokens[i])) is not { } table)
                continue;
            var at = tokens[i + 1].Is(Kw.As) ? i + 2 : i + 1;
            if (at >= tokens.Count || tokens[at].Kind != TokenKind.Word)
                continue;
            var alias = tokens[at].Text.ToLowerInvariant();
            if (input.Selection.Schema.FindTable(alias) is null && !result.ContainsKey(alias))
                result[alias] = ("t" + (result.Count + 1), table);
        }
        return result;
    }

    private static string Unquote(Token token) => token.Kind is TokenKind.QuotedName or TokenKind.DoubleQuoted ? StringContent(token.Text) : token.Text;

    private static string StringContent(string quoted)
    {
        if (quoted.Length >= 2 && (quoted[0] is '\'' or '"' or '`' or '[') )
        {
            var close = quoted[0] == '[' ? ']' : quoted[0];
            return quoted[1..^1].Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
        }
        return quoted;
    }
}
