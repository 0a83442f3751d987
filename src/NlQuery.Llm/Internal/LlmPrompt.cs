using System.Text;
using Microsoft.Extensions.AI;
using NlQuery.Linking;
using NlQuery.Sql;
using NlQuery.Translation;

namespace NlQuery.Llm.Internal;

/// <summary>
/// The chat a question starts: instructions and the schema part (the summariser's selection written as CREATE TABLE
/// statements in the connection's dialect, with keys, types and the values the question matched), the examples as
/// earlier turns, then the question with the conversation so far. <see cref="Text"/> is what <c>:why</c> shows.
/// </summary>
internal sealed class LlmPrompt
{
    private LlmPrompt(IReadOnlyList<ChatMessage> messages, string text)
    {
        Messages = messages;
        Text = text;
    }

    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>The whole prompt as text, one turn after another.</summary>
    public string Text { get; }

    public static LlmPrompt Build(SchemaSummary summary, SqlDialect dialect, IReadOnlyList<TranslationExample> examples,
        IReadOnlyList<string> previousQuestions, string question)
    {
        var schemaPart = WriteSchema(summary, dialect);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System,
                $"You translate questions about a {DialectName(dialect)} database into one read-only SQL SELECT statement in that dialect. " +
                "Use only the tables and columns below. Reply with the SQL in a single ```sql code block and nothing else.\n\n" + schemaPart),
        };
        foreach (var example in examples)
        {
            messages.Add(new ChatMessage(ChatRole.User, example.Question));
            messages.Add(new ChatMessage(ChatRole.Assistant, Fenced(example.Sql)));
        }
        var ask = new StringBuilder();
        if (previousQuestions.Count > 0)
        {
            ask.Append("Earlier questions in this conversation, oldest first:\n");
            foreach (var previous in previousQuestions)
                ask.Append("- ").Append(previous).Append('\n');
            ask.Append("Now: ");
        }
        ask.Append(question);
        messages.Add(new ChatMessage(ChatRole.User, ask.ToString()));
        return new LlmPrompt(messages, Render(messages));
    }

    /// <summary>What the model is told after a rejected reply.</summary>
    public static ChatMessage Reask(string rejection) => new(ChatRole.User,
        $"That was rejected: {rejection}\nWrite a corrected query, again as one SELECT in a single ```sql code block.");

    public static string Render(IEnumerable<ChatMessage> messages) =>
        string.Join("\n\n", messages.Select(m => $"[{m.Role.Value}]\n{m.Text}"));

    private static string Fenced(string sql) => $"```sql\n{sql}\n```";

    private static string DialectName(SqlDialect dialect) => dialect.Name switch
    {
        "sqlite" => "SQLite",
        "tsql" => "SQL Server (T-SQL)",
        "postgresql" => "PostgreSQL",
        var other => other,
    };

    private static string WriteSchema(SchemaSummary summary, SqlDialect dialect)
    {
        var keys = summary.Schema.ForeignKeys.ToLookup(k => k.Column);
        var text = new StringBuilder();
        foreach (var table in summary.KeptTables)
        {
            text.Append("CREATE TABLE ").Append(dialect.QuoteName(table.Table.Name)).Append(" (\n");
            var columns = table.Columns.Where(c => c.Kept).ToList();
            for (var i = 0; i < columns.Count; i++)
            {
                var column = columns[i].Column;
                text.Append("  ").Append(dialect.QuoteName(column.Name));
                if (column.DeclaredType.Length > 0)
                    text.Append(' ').Append(column.DeclaredType);
                if (column.IsPrimaryKey)
                    text.Append(" PRIMARY KEY");
                foreach (var key in keys[column])
                    text.Append(" REFERENCES ").Append(dialect.QuoteName(key.ReferencedColumn.Table.Name))
                        .Append('(').Append(dialect.QuoteName(key.ReferencedColumn.Name)).Append(')');
                if (i < columns.Count - 1)
                    text.Append(',');
                // The stored spelling of values the question names: the model cannot guess 'USA' from "American".
                if (columns[i].Values.Count > 0)
                    text.Append(" -- values: ").Append(string.Join(", ", columns[i].Values.Select(v => "'" + v.Replace("'", "''") + "'")));
                text.Append('\n');
            }
            text.Append(");\n");
        }
        return text.ToString().TrimEnd();
    }
}
