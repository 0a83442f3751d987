using Microsoft.Data.Sqlite;

namespace NlQuery;

/// <summary>
/// SQL that calls the model: after <see cref="Register"/>, <c>SELECT nl_sql('how many customers are there?')</c> on that
/// connection returns the SQL text for the question (translated, parser-checked, not run).
/// </summary>
public static class NlQuerySqliteFunctions
{
    public static void Register(SqliteConnection connection, NlQueryEngine engine)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(engine);
        // Not deterministic: the answer depends on the model and the schema at the time of the call.
        connection.CreateFunction("nl_sql", (string question) => engine.Translate(connection, question), isDeterministic: false);
    }
}
