using NlQuery.Linking;
using NlQuery.Sql;

namespace NlQuery.Translation;

/// <summary>One question for an <see cref="ISqlModel"/>: the summariser of its database, and the parser that constrains decoding (null: unconstrained).</summary>
public sealed record ModelRequest(string Question, IReadOnlyList<string> PreviousQuestions, SchemaSummariser Summariser, SqlParser? Parser)
{
    /// <summary>Beams kept during the search (and candidates returned at most).</summary>
    public int BeamSize { get; init; } = 4;
}
