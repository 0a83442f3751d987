using NlQuery.Sql;
using NlQuery.Text;

namespace NlQuery.Generation;

/// <summary>
/// PICARD's veto as a beam-search constraint: the output must be <see cref="Prefix"/> (e.g. <c>concert_singer | </c>,
/// the database id PICARD's checkpoints write first) followed by SQL that the <see cref="SqlParser"/> accepts.
/// Each token's text comes from a <see cref="TokenTextDecoder"/> (O(1) per token, ▁ turned into a space); the
/// prefix is matched character by character, so one token may end the prefix and begin the SQL. End-of-sequence
/// is allowed only when the parser says the SQL is a complete statement. Thread-safe: states are immutable values
/// and the parser's states are shareable.
/// </summary>
public sealed class SqlConstraint : IDecodingConstraint<SqlConstraint.State>
{
    private readonly TokenTextDecoder _text;
    private readonly bool[] _rejected;

    /// <param name="parser">Checks the SQL after the prefix (its mode and schema decide how strictly).</param>
    /// <param name="tokenizer">The model's tokenizer; its control tokens (pad, end-of-sequence) are never part of the output.</param>
    /// <param name="prefix">Text the output must start with before the SQL; empty for none.</param>
    public SqlConstraint(SqlParser parser, T5Tokenizer tokenizer, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prefix);
        Parser = parser;
        Prefix = prefix;
        _text = tokenizer.TextDecoder;
        // Control pieces (pad, eos, bos) decode to nothing: accepting them would let a hypothesis grow without text.
        _rejected = new bool[tokenizer.VocabularySize];
        for (var id = 0; id < tokenizer.SentencePiece.VocabularySize; id++)
            _rejected[id] = tokenizer.SentencePiece.GetPieceType(id) == SentencePieceType.Control;
        InitialState = new State(parser.Start, default, 0);
    }

    public SqlParser Parser { get; }

    /// <summary>The text before the SQL, e.g. <c>db_id | </c>.</summary>
    public string Prefix { get; }

    /// <summary>
    /// A hypothesis's prefix: the parser's state after the SQL so far, the token decoder's state, and how many
    /// characters of <see cref="Prefix"/> have been matched. A small immutable value; forks share the parse state.
    /// </summary>
    public readonly record struct State(ParseState Parse, TokenTextState Text, int PrefixMatched);

    public State InitialState { get; }

    /// <summary>Makes a prefix text into a constraint prefix: <paramref name="format"/> with <c>{db_id}</c> replaced.</summary>
    public static string FormatPrefix(string? format, string databaseId)
    {
        ArgumentNullException.ThrowIfNull(databaseId);
        return string.IsNullOrEmpty(format) ? "" : format.Replace("{db_id}", databaseId, StringComparison.Ordinal);
    }

    public bool TryAdvance(State state, int tokenId, out State next)
    {
        next = default;
        if ((uint)tokenId >= (uint)_rejected.Length || _rejected[tokenId])
            return false;
        var textState = state.Text;
        var text = _text.Append(ref textState, tokenId).AsSpan();

        var matched = state.PrefixMatched;
        if (matched < Prefix.Length)
        {
            var expected = Prefix.AsSpan(matched);
            var common = Math.Min(expected.Length, text.Length);
            if (!text[..common].SequenceEqual(expected[..common]))
                return false;
            matched += common;
            text = text[common..];
        }

        var parse = state.Parse;
        // TryExtend: a rejected candidate needs no explanation, and completeness is only worked out if asked for.
        if (!text.IsEmpty && !parse.TryExtend(text, out parse))
            return false;
        next = new State(parse, textState, matched);
        return true;
    }

    /// <summary>Complete when the prefix is done, no UTF-8 character is half-decoded, and the SQL is a whole statement.</summary>
    public bool IsComplete(State state) =>
        state.PrefixMatched == Prefix.Length && state.Parse.IsComplete && _text.Finish(state.Text).Length == 0;
}
