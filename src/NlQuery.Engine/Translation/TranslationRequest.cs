using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Translation;

/// <summary>One question to translate, with what the translator needs to know about the database.</summary>
public sealed record TranslationRequest
{
    public TranslationRequest(string question, DatabaseSchema schema, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(dialect);
        Question = question;
        Schema = schema;
        Dialect = dialect;
    }

    public string Question { get; }

    public DatabaseSchema Schema { get; }

    /// <summary>The dialect the candidates are printed in (the connection's).</summary>
    public SqlDialect Dialect { get; }

    /// <summary>Earlier questions of the same conversation, oldest first.</summary>
    public IReadOnlyList<string> PreviousQuestions { get; init; } = [];

    /// <summary>The database's value index for content matching; null to serialise without values.</summary>
    public ValueIndex? Values { get; init; }

    /// <summary>
    /// The check a candidate must pass to be run, as the asker makes it (NlQueryEngine: its parser, then EXPLAIN on the
    /// live database): null when the candidate is accepted, else the parser's or the database's message. Translators that
    /// can ask again (an LLM) re-ask with the message; null: no database to ask.
    /// </summary>
    public Func<string, CancellationToken, Task<string?>>? CheckCandidate { get; init; }

    /// <summary>Logged corrections for this database (the feedback store), read only by translators that show examples; null: none.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<TranslationExample>>>? Examples { get; init; }
}
