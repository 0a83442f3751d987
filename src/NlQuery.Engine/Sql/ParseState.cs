using System.Diagnostics.CodeAnalysis;
using NlQuery.Sql.Lexing;
using NlQuery.Sql.Parsing;

namespace NlQuery.Sql;

/// <summary>
/// The immutable state of the parser after a prefix of SQL. Extending it returns a new state and leaves this one
/// untouched, so beam hypotheses that share a prefix share its state. Extending costs time for the new text only:
/// the state is the token in progress plus a persistent parser stack and scope chain, never the prefix's text.
/// Safe to use from many threads at once.
/// </summary>
public sealed class ParseState
{
    private readonly ParserContext _context;
    private readonly LexState _lex;
    private readonly Machine _machine;

    // 0: not known yet (TryExtend leaves it to the first reader), 1: partial, 2: complete.
    private int _completeness;

    internal ParseState(ParserContext context, LexState lex, Machine machine, int length, bool? isComplete)
    {
        _context = context;
        _lex = lex;
        _machine = machine;
        Length = length;
        _completeness = isComplete is { } known ? (known ? 2 : 1) : 0;
    }

    /// <summary>Characters consumed since the start of the statement.</summary>
    public int Length { get; }

    /// <summary>Whether the text so far is a whole statement (it may still be extended into a longer one).</summary>
    public bool IsComplete
    {
        get
        {
            // Worked out on first use for states made by TryExtend: a constraint asks it of few of the states it makes.
            // Racing readers compute the same answer, so a plain write is enough.
            if (_completeness == 0)
            {
                var machine = _machine;
                machine.Quiet = true;
                _completeness = IsCompleteText(machine, _lex, _context.Mode == ParseMode.Lex, out _) ? 2 : 1;
            }
            return _completeness == 2;
        }
    }

    internal ParserContext Context => _context;

    public ParseResult Extend(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extend(text.AsSpan());
    }

    public ParseResult Extend(ReadOnlySpan<char> text) => Extend(text, explain: true);

    /// <summary>
    /// Extends the state like <see cref="Extend(ReadOnlySpan{char})"/> but says only whether the text is valid: a
    /// rejection costs no search for the character where it went wrong. This is what a decoding constraint asks for
    /// each candidate token, where most rejections are never reported.
    /// </summary>
    /// <returns>False when the text cannot continue a valid statement; <paramref name="next"/> is then null.</returns>
    public bool TryExtend(ReadOnlySpan<char> text, [NotNullWhen(true)] out ParseState? next)
    {
        if (text.Length > 1 && ++_tries > FirstCharacterCacheAfter && FirstCharacterImpossible(text))
        {
            next = null;
            return false;
        }
        next = Extend(text, explain: false).State;
        return next is not null;
    }

    /// <summary>
    /// A state asked about this many candidates is being searched wide (beam search's fallback offers a stuck
    /// hypothesis the whole vocabulary): from then on, which first characters can follow it is remembered.
    /// </summary>
    private const int FirstCharacterCacheAfter = 16;

    // TryExtend calls on this state (a heuristic: racing increments may lose some).
    private int _tries;

    // Per ASCII first character, [0, 128) without and [128, 256) after one leading space: 0 unknown, 1 possible,
    // -1 impossible. Racing writers store the same verdict.
    private sbyte[]? _firstCharacter;

    /// <summary>
    /// Valid texts are closed under prefixes (a text no statement starts with has no extension that one starts
    /// with; the fuzzer's chunked-feed check holds the parser to it), so a text whose first character (after at most
    /// one space) is already impossible here is rejected without being parsed.
    /// </summary>
    private bool FirstCharacterImpossible(ReadOnlySpan<char> text)
    {
        var space = text[0] == ' ' ? 1 : 0;
        if (text.Length <= space + 1 || text[space] >= 128)
            return false;
        var verdicts = _firstCharacter ??= new sbyte[256];
        ref var verdict = ref verdicts[space * 128 + text[space]];
        if (verdict == 0)
            verdict = Extend(text[..(space + 1)], explain: false).State is null ? (sbyte)-1 : (sbyte)1;
        return verdict < 0;
    }

    private ParseResult Extend(ReadOnlySpan<char> text, bool explain)
    {
        var dialect = _context.Dialect;
        var lexOnly = _context.Mode == ParseMode.Lex;
        var lex = _lex;
        var machine = _machine;
        machine.Quiet = !explain;
        for (var i = 0; i < text.Length; i++)
        {
            var offset = Length + i;
            if (lex.Mode == LexMode.Word && Lexer.IsWordPart(text[i]))
            {
                // Append a run of word characters at once: one string instead of one per character.
                var run = 1;
                while (i + run < text.Length && Lexer.IsWordPart(text[i + run]))
                    run++;
                lex = lex with { Text = string.Concat(lex.Text, text.Slice(i, run)) };
                i += run - 1;
                continue;
            }
            var emitted = Lexer.Step(ref lex, text[i], offset, dialect, out var first, out var second, out var lexError);
            if (emitted < 0)
                return ParseResult.Invalid(lexError!, offset);
            if (emitted >= 1 && !Feed(ref machine, first, offset, lexOnly, explain, out var result))
                return result;
            if (emitted == 2 && !Feed(ref machine, second, offset, lexOnly, explain, out result))
                return result;
        }
        var length = Length + text.Length;
        if (!lexOnly && lex.Mode != LexMode.Between && !InProgressPossible(machine, lex, explain, out var error, out var errorOffset))
            return ParseResult.Invalid(error, errorOffset);
        if (!explain)
        {
            machine.Quiet = false;
            return new ParseResult(ParseStatus.Partial, new ParseState(_context, lex, machine, length, isComplete: null), null, 0);
        }
        var complete = IsCompleteText(machine, lex, lexOnly, out _);
        var state = new ParseState(_context, lex, machine, length, complete);
        return new ParseResult(complete ? ParseStatus.Complete : ParseStatus.Partial, state, null, 0);
    }

    /// <summary>Why the text is not complete yet (what the parser expects next), or null when it is.</summary>
    internal string? IncompleteReason()
    {
        IsCompleteText(_machine, _lex, _context.Mode == ParseMode.Lex, out var reason, shortcut: false);
        return reason;
    }

    private bool Feed(ref Machine machine, in Token token, int offset, bool lexOnly, bool explain, out ParseResult result)
    {
        result = default;
        if (lexOnly)
        {
            machine.TokenIndex++;
            return true;
        }
        var before = machine;
        if (machine.Feed(token))
            return true;
        var errorOffset = explain && token.Kind is TokenKind.Word or TokenKind.Keyword ? WordErrorOffset(before, token, offset) : token.Offset;
        result = ParseResult.Invalid(machine.Error ?? "invalid", errorOffset);
        return false;
    }

    /// <summary>For a rejected word, the character where it stopped being a prefix of anything acceptable.</summary>
    private int WordErrorOffset(in Machine before, in Token word, int fallback)
    {
        // Prefixes that ended before this Extend call were already accepted by an earlier one.
        for (var k = Math.Max(1, Length - word.Offset + 1); k <= word.Text.Length; k++)
        {
            if (!WordPrefixPossible(before, word.Text[..k], word.Offset, out _))
                return word.Offset + k - 1;
        }
        return fallback;
    }

    private bool InProgressPossible(in Machine machine, in LexState lex, bool explain, out string error, out int errorOffset)
    {
        error = "";
        errorOffset = lex.Start;
        if (lex.Mode == LexMode.Word)
        {
            if (WordPrefixPossible(machine, lex.Text, lex.Start, out var wordError))
                return true;
            error = wordError;
            if (!explain)
                return false;
            errorOffset = WordErrorOffset(machine, new Token(TokenKind.Word, lex.Text, lex.Start), lex.Start + lex.Text.Length - 1);
            return false;
        }
        string? last = null;
        foreach (var candidate in Lexer.Candidates(lex, _context.Dialect))
        {
            var copy = machine;
            if (copy.Feed(candidate))
                return true;
            last = copy.Error;
        }
        error = last ?? "incomplete token";
        errorOffset = Math.Max(lex.Start, Length);
        return false;
    }

    /// <summary>A word being typed is fine while some keyword or name it may become is acceptable here.</summary>
    private bool WordPrefixPossible(in Machine machine, string prefix, int offset, out string error)
    {
        foreach (var keyword in _context.Dialect.KeywordTable.StartingWith(prefix))
        {
            var copy = machine;
            if (copy.Feed(new Token(TokenKind.Keyword, Keywords.Text(keyword), offset, keyword)))
            {
                error = "";
                return true;
            }
        }
        var named = machine;
        if (named.Feed(new Token(TokenKind.Word, prefix, offset, isPrefix: true)))
        {
            error = "";
            return true;
        }
        error = named.Error ?? (machine.Quiet ? "" : $"unexpected '{prefix}'");
        return false;
    }

    private bool IsCompleteText(Machine machine, LexState lex, bool lexOnly, out string? reason, bool shortcut = true)
    {
        reason = null;
        if (lex.Mode != LexMode.Between)
        {
            if (!Lexer.TryFinish(lex, _context.Dialect, out var last))
            {
                reason = "unterminated token";
                return false;
            }
            if (lexOnly)
                return true;
            if (!machine.Feed(last))
            {
                reason = machine.Error;
                return false;
            }
        }
        if (lexOnly)
        {
            if (machine.TokenIndex > 0)
                return true;
            reason = "empty statement";
            return false;
        }
        if (shortcut && lex.Mode == LexMode.Between && machine.CannotEndHere)
        {
            // Cheap path for the common mid-statement state; the full feed below gives the same answer.
            reason = "incomplete statement";
            return false;
        }
        if (machine.Feed(new Token(TokenKind.End, "", Length)))
            return true;
        reason = machine.Error;
        return false;
    }

    public override string ToString() => $"ParseState({Length} chars, {(IsComplete ? "complete" : "partial")})";
}
