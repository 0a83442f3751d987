using System.Text;
using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>
/// Builds the model input and target in PICARD's format — the one code path for the trainer and the runtime, so a
/// checkpoint sees at inference exactly what it was trained on.
/// </summary>
/// <remarks>
/// Input: <c>question | db_id | table : column ( value , value ) , column | table : …</c>, then for a conversation
/// <c> || previous question | question before it | …</c> (most recent first). Target: <c>db_id | normalised sql</c>.
/// See docs/model-input.md.
/// </remarks>
public sealed class PicardSerializer
{
    public PicardSerializer(PicardSerializerOptions? options = null)
    {
        Options = options ?? PicardSerializerOptions.Default;
        Options.Validate();
        Matcher = new ValueMatcher(Options.Matching);
    }

    public static PicardSerializer Default { get; } = new();

    public PicardSerializerOptions Options { get; }

    /// <summary>The matcher the serialiser uses for database values (also useful to the summariser, for the same scores).</summary>
    public ValueMatcher Matcher { get; }

    /// <summary>
    /// The model input for <paramref name="question"/>, matching its values in <paramref name="values"/> (null: no values),
    /// showing <paramref name="selection"/> (null: every table and column) after the earlier questions
    /// <paramref name="previousQuestions"/> (oldest first; null or empty: a single question).
    /// </summary>
    public ModelInput Serialize(DatabaseSchema schema, string question, ValueIndex? values = null, SchemaSelection? selection = null,
        IReadOnlyList<string>? previousQuestions = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var previous = KeptPreviousQuestions(previousQuestions);
        var matches = values is not null && Options.IncludeDatabaseValues ? values.Match(JoinForMatching(question, previous), Matcher) : null;
        return Serialize(schema, question, matches, selection, previous);
    }

    /// <summary>
    /// The model input with values already matched (by <see cref="ValueIndex.Match"/> on <see cref="GetMatchText"/>):
    /// for callers that use the matches themselves, such as the summariser, so matching runs once.
    /// </summary>
    public ModelInput Serialize(DatabaseSchema schema, string question, ValueMatchResult? matches, SchemaSelection? selection = null,
        IReadOnlyList<string>? previousQuestions = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(question);
        selection ??= SchemaSelection.All(schema);
        if (selection.Schema != schema)
            throw new ArgumentException($"The selection was made for schema '{selection.Schema.Name}', not for '{schema.Name}'.", nameof(selection));
        var previous = KeptPreviousQuestions(previousQuestions);
        if (!Options.IncludeDatabaseValues)
            matches = null;

        var tables = new List<SerializedTable>(selection.Tables.Count);
        var schemaText = new StringBuilder();
        if (Options.IncludeDatabaseId)
            schemaText.Append(" | ").Append(schema.Name);
        foreach (var selected in selection.Tables)
        {
            var tableText = Name(selected.Table.Name);
            schemaText.Append(" | ").Append(tableText).Append(" : ");
            var columns = new List<SerializedColumn>(selected.Columns.Count);
            foreach (var column in selected.Columns)
            {
                if (columns.Count > 0)
                    schemaText.Append(" , ");
                var columnText = Name(column.Name);
                schemaText.Append(columnText);
                IReadOnlyList<ValueMatch> shown = matches?.Find(selected.Table.Name, column.Name)?.Selected ?? [];
                if (shown.Count > 0)
                    schemaText.Append(" ( ").AppendJoin(" , ", shown.Select(m => m.Value)).Append(" )");
                columns.Add(new SerializedColumn(column, columnText, shown));
            }
            tables.Add(new SerializedTable(selected.Table, tableText, columns));
        }

        var text = new StringBuilder(Options.Prefix)
            .Append(PythonText.Strip(question)).Append(' ').Append(PythonText.Strip(schemaText.ToString()));
        if (previous.Count > 0)
        {
            text.Append(" || ");
            for (var i = previous.Count - 1; i >= 0; i--)
            {
                text.Append(PythonText.Strip(previous[i]));
                if (i > 0)
                    text.Append(" | ");
            }
        }
        return new ModelInput(text.ToString(), question, previous, tables);
    }

    /// <summary>
    /// The text database values are matched against: the question alone, or for a conversation every included question,
    /// oldest first, joined by " | " (as PICARD matches CoSQL dialogues).
    /// </summary>
    public string GetMatchText(string question, IReadOnlyList<string>? previousQuestions = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        return JoinForMatching(question, KeptPreviousQuestions(previousQuestions));
    }

    /// <summary>The training target: <c>db_id | sql</c>, the SQL normalised as PICARD does (see <see cref="TargetNormalizer"/>).</summary>
    public string SerializeTarget(string databaseId, string sql)
    {
        ArgumentNullException.ThrowIfNull(databaseId);
        ArgumentNullException.ThrowIfNull(sql);
        var body = Options.NormalizeNames ? TargetNormalizer.Normalize(sql) : sql;
        return Options.TargetIncludesDatabaseId ? $"{databaseId} | {body}" : body;
    }

    private string Name(string name) => Options.NormalizeNames ? PythonText.Lower(name) : name;

    private IReadOnlyList<string> KeptPreviousQuestions(IReadOnlyList<string>? previousQuestions)
    {
        if (previousQuestions is null || previousQuestions.Count == 0 || !Options.IncludePreviousQuestions)
            return [];
        for (var i = 0; i < previousQuestions.Count; i++)
        {
            if (previousQuestions[i] is null)
                throw new ArgumentException($"Earlier question {i} is null.", nameof(previousQuestions));
        }
        var keep = Math.Min(previousQuestions.Count, Options.MaxPreviousQuestions ?? int.MaxValue);
        return previousQuestions.Skip(previousQuestions.Count - keep).ToList();
    }

    private static string JoinForMatching(string question, IReadOnlyList<string> previous) =>
        previous.Count == 0 ? question : string.Join(" | ", previous.Append(question));
}
