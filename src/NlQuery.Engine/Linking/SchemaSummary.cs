using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>
/// What a <see cref="SchemaSummariser"/> decided for one question: every table ranked by relevance with its reasons,
/// and the part of the schema (tables, columns, matched values) the model gets to see.
/// </summary>
public sealed class SchemaSummary
{
    internal SchemaSummary(string question, DatabaseSchema schema, ValueMatchResult? values, IReadOnlyList<TableRelevance> ranked,
        IReadOnlyList<TableRelevance> kept, int estimatedTokens)
    {
        Question = question;
        Schema = schema;
        ValueMatches = values;
        Tables = ranked;
        KeptTables = kept;
        EstimatedTokens = estimatedTokens;
    }

    public string Question { get; }

    /// <summary>The whole schema the summary was made from.</summary>
    public DatabaseSchema Schema { get; }

    /// <summary>The database values the question matched (shown for kept columns), or null when none were matched.</summary>
    public ValueMatchResult? ValueMatches { get; }

    /// <summary>Every table, most relevant first (ties in schema order).</summary>
    public IReadOnlyList<TableRelevance> Tables { get; }

    /// <summary>The kept tables in schema order: the order PICARD serialises them in.</summary>
    public IReadOnlyList<TableRelevance> KeptTables { get; }

    /// <summary>The model input's length as the token counter saw it while the summary was built.</summary>
    public int EstimatedTokens { get; }

    /// <summary>The kept tables and columns, in schema order, for <see cref="PicardSerializer"/>.</summary>
    public SchemaSelection ToSelection() =>
        new(Schema, KeptTables.Select(t => new SelectedTable(t.Table, t.Columns.Where(c => c.Kept).Select(c => c.Column).ToList())));

    /// <summary>
    /// The model input: the question, the kept tables and columns and their matched values, in PICARD's format.
    /// Without pruning it is PICARD's input exactly.
    /// </summary>
    public ModelInput Serialize(PicardSerializer? serializer = null, IReadOnlyList<string>? previousQuestions = null) =>
        (serializer ?? PicardSerializer.Default).Serialize(Schema, Question, ValueMatches, ToSelection(), previousQuestions);
}
