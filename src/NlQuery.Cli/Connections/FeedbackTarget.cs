using NlQuery.Feedback;

namespace NlQuery.Cli.Connections;

/// <summary>
/// Where <c>--feedback</c> sends corrections: <c>db</c> means the <c>nlquery_feedback</c> table in the <c>--db</c>
/// database (created on the first correction, DDL in <c>sql/feedback/</c>); anything else is a local SQLite file;
/// left out, the default local file (<see cref="FeedbackStore.DefaultPath"/>).
/// </summary>
internal static class FeedbackTarget
{
    public const string InDatabase = "db";

    /// <summary>The store for <c>--feedback</c>; null for the default file, which the engine opens on the first correction.</summary>
    public static FeedbackStore? Open(string? option, OpenedDatabase database)
    {
        if (option is null)
            return null;
        if (string.IsNullOrWhiteSpace(option))
            throw new CliError("--feedback is empty: give a SQLite file, or 'db' for a table in the --db database.");
        if (option.Equals(InDatabase, StringComparison.OrdinalIgnoreCase))
            return FeedbackStore.InDatabase(database.CreateWritable, database.Kind);
        if (Directory.Exists(option))
            throw new CliError($"--feedback {option} is a folder; give a file, e.g. {Path.Combine(option, "feedback.db")}.");
        return FeedbackStore.OpenFile(option);
    }

    /// <summary>Says where a correction went, for the REPL's confirmation.</summary>
    public static string Describe(string? option, OpenedDatabase database) => option switch
    {
        null => FeedbackStore.DefaultPath,
        _ when option.Equals(InDatabase, StringComparison.OrdinalIgnoreCase) => $"table {FeedbackStore.TableName} in {database.Name}",
        _ => Path.GetFullPath(option),
    };
}
