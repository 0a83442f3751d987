using System.Text.RegularExpressions;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Text;

namespace NlQuery.Models.Pointer;

/// <summary>
/// Builds a <see cref="PointerInput"/> from a question and the summariser's selection: the one place model inputs are
/// made, for the training files and for asking (docs/pointer-model.md). Names are shown to the encoder as words
/// (<c>song_release_year</c> → "song release year"); values the question matched follow their column in parentheses.
/// </summary>
public sealed partial class PointerInputBuilder
{
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _colon, _comma, _open, _close, _bar;

    public PointerInputBuilder(WordPieceTokenizer tokenizer, int maxTokens = DefaultMaxTokens, int maxQuestionWords = DefaultMaxQuestionWords)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQuestionWords, 1);
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
        MaxQuestionWords = maxQuestionWords;
        _colon = Single(":");
        _comma = Single(",");
        _open = Single("(");
        _close = Single(")");
        // Tables are separated by [SEP]: BertTokenizer 3.0.0 drops '|' altogether.
        _bar = tokenizer.SepId;
    }

    /// <summary>Word pieces the encoder reads at most (MiniLM accepts 512; fewer is faster).</summary>
    public const int DefaultMaxTokens = 256;

    /// <summary>Question words kept at most (the last ones: in a conversation, the newest question matters most).</summary>
    public const int DefaultMaxQuestionWords = 64;

    public int MaxTokens { get; }

    public int MaxQuestionWords { get; }

    public WordPieceTokenizer Tokenizer => _tokenizer;

    /// <summary>
    /// An ablation (docs/accuracy.md): every question-to-schema match relation is replaced by its direction's "none",
    /// so the model sees the schema's structure but no schema linking. Off for real use.
    /// </summary>
    public bool AblateLinking { get; init; }

    /// <summary>Counts the word pieces of a text: the summariser's budget is counted with it.</summary>
    public int CountTokens(string text) => _tokenizer.Encode(text).Count;

    /// <summary>The question's words as the model sees and copies them: runs of letters, digits and underscores, and single punctuation characters.</summary>
    public static IReadOnlyList<string> SplitQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return WordPattern().Matches(question).Select(m => m.Value).ToList();
    }

    /// <param name="question">The question (with earlier questions of the conversation: see <see cref="JoinConversation"/>).</param>
    /// <param name="selection">The tables and columns to show, in order (the summariser's).</param>
    /// <param name="values">Values the question matched; each selected value of a shown column becomes a position.</param>
    public PointerInput Build(string question, SchemaSelection selection, ValueMatchResult? values)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(selection);
        var ids = new List<int> { _tokenizer.ClsId };
        var positions = new List<PointerPosition>();
        var truncated = false;

        var words = SplitQuestion(question);
        if (words.Count > MaxQuestionWords)
        {
            words = words.Skip(words.Count - MaxQuestionWords).ToList();
            truncated = true;
        }
        // The question may take at most half the budget; the schema needs the rest.
        var questionBudget = MaxTokens / 2;
        var pieces = words.Select(Pieces).ToList();
        var keepFrom = 0;
        for (var total = pieces.Sum(p => p.Count); total > questionBudget; keepFrom++)
        {
            total -= pieces[keepFrom].Count;
            truncated = true;
        }
        for (var w = keepFrom; w < words.Count; w++)
        {
            positions.Add(new PointerPosition(PositionType.QuestionWord, words[w], ids.Count, ids.Count + pieces[w].Count, PositionKinds.QuestionWord));
            ids.AddRange(pieces[w]);
        }
        var questionWords = positions.Count;
        ids.Add(_tokenizer.SepId);

        var foreignKeyColumns = selection.Schema.ForeignKeys.Select(f => f.Column).ToHashSet();
        var room = MaxTokens - 1; // the closing [SEP]
        foreach (var selected in selection.Tables)
        {
            var tablePieces = Pieces(NameText(selected.Table.Name));
            if (ids.Count + tablePieces.Count + 1 > room)
            {
                truncated = true;
                break;
            }
            positions.Add(new PointerPosition(PositionType.Table, selected.Table.Name, ids.Count, ids.Count + tablePieces.Count, PositionKinds.Table)
                { Table = selected.Table });
            ids.AddRange(tablePieces);
            ids.Add(_colon);
            var first = true;
            foreach (var column in selected.Columns)
            {
                var columnPieces = Pieces(NameText(column.Name));
                var separator = first ? 0 : 1;
                if (ids.Count + separator + columnPieces.Count > room)
                {
                    truncated = true;
                    break;
                }
                if (!first)
                    ids.Add(_comma);
                first = false;
                positions.Add(new PointerPosition(PositionType.Column, column.Name, ids.Count, ids.Count + columnPieces.Count,
                    PositionKinds.Column(column, foreignKeyColumns.Contains(column))) { Table = selected.Table, Column = column });
                ids.AddRange(columnPieces);
                foreach (var value in values?.GetSelectedValues(selected.Table.Name, column.Name) ?? [])
                {
                    var valuePieces = Pieces(value);
                    if (ids.Count + valuePieces.Count + 2 > room)
                    {
                        truncated = true;
                        break;
                    }
                    ids.Add(_open);
                    positions.Add(new PointerPosition(PositionType.Value, value, ids.Count, ids.Count + valuePieces.Count, PositionKinds.Value)
                        { Table = selected.Table, Column = column });
                    ids.AddRange(valuePieces);
                    ids.Add(_close);
                }
            }
            if (ids.Count + 1 > room)
                break;
            ids.Add(_bar);
        }
        ids.Add(_tokenizer.SepId);

        var relations = PointerRelationBuilder.Build(positions, questionWords, selection.Schema);
        if (AblateLinking)
            PointerRelationBuilder.RemoveLinking(relations);
        return new PointerInput(question, ids, positions, questionWords, relations, selection, truncated);
    }

    /// <summary>
    /// Summarises the schema for the question (the word-piece budget counted with the encoder's own tokenizer) and
    /// builds the input from what the summariser kept: the path training, evaluation and asking all take.
    /// </summary>
    public PointerInput Build(SchemaSummariser summariser, string question, IReadOnlyList<string>? previousQuestions, out SchemaSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summariser);
        ArgumentNullException.ThrowIfNull(question);
        var text = JoinConversation(question, previousQuestions);
        summary = summariser.Summarise(text, new SchemaSummaryOptions { TokenBudget = MaxTokens, TokenCounter = CountTokens });
        return Build(text, summary.ToSelection(), summary.ValueMatches);
    }

    /// <summary>A conversation's questions as one text, oldest first, the way the model was trained on SParC/CoSQL.</summary>
    public static string JoinConversation(string question, IReadOnlyList<string>? previousQuestions) =>
        previousQuestions is null || previousQuestions.Count == 0 ? question : string.Join(" | ", previousQuestions.Append(question));

    /// <summary>An identifier as words: <c>SongReleaseYear</c> and <c>song_release_year</c> both read "song release year".</summary>
    public static string NameText(string name)
    {
        var words = NameWords.Split(name);
        return words.Count == 0 ? name : string.Join(' ', words);
    }

    private IReadOnlyList<int> Pieces(string text)
    {
        var ids = _tokenizer.Encode(text);
        return ids.Count > 0 ? ids : [_tokenizer.UnknownId];
    }

    private int Single(string text) =>
        _tokenizer.Encode(text) is [var id] ? id : throw new InvalidDataException($"The WordPiece vocabulary cannot spell '{text}' as one piece.");

    [GeneratedRegex(@"[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]")]
    private static partial Regex WordPattern();
}
