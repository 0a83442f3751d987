using System.Data.Common;
using NlQuery.Execution;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Training.Datasets;
using NlQuery.Translation;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Execution accuracy on (question, gold SQL) pairs against one live database: each question goes through the one
/// translator with the database's schema and values as asking reads them (<see cref="TrainingDatabase.ReadAsync"/>),
/// then gold and predicted SQL run read-only and their rows are compared with <see cref="ExecutionMatch"/> (in order
/// when the gold query orders them). What the candidate and the current model are judged by on a user's corrections,
/// and <c>nlq eval questions</c>.
/// </summary>
public static class QuestionSetEvaluation
{
    /// <summary>The promotion metric on a user's held-out corrections (higher is better).</summary>
    public const string MetricName = "feedback_execution_accuracy";

    /// <param name="connection">An open connection to the database the pairs are about.</param>
    /// <param name="database">That database as the model sees it (read once by the caller and reused across models).</param>
    public static async Task<QuestionSetReport> EvaluateAsync(ModelTranslator translator, DbConnection connection, TrainingDatabase database,
        IReadOnlyList<QuestionPair> pairs, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(translator);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(pairs);
        var kind = DatabaseKindDetector.Detect(connection);
        var dialect = SqlDialect.For(kind);
        var limits = new ExecutionOptions { MaxRows = 100_000 };
        var results = new List<QuestionResult>(pairs.Count);
        foreach (var pair in pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (gold, goldError) = await RunAsync(connection, kind, pair.Sql, limits, cancellationToken).ConfigureAwait(false);
            var translation = translator.Translate(new TranslationRequest(pair.Question, database.Schema, dialect) { Values = database.Values }, cancellationToken);
            var predicted = translator.Options.UseConstraint
                ? translation.Candidates.Count == 0 ? "" : translation.Candidates[0].Sql
                : translation.BestRaw ?? "";
            ResultTable? rows = null;
            string? error = predicted.Length == 0 ? "the model wrote no SQL" : null;
            if (error is null)
                (rows, error) = await RunAsync(connection, kind, predicted, limits, cancellationToken).ConfigureAwait(false);
            var match = gold is not null && rows is not null && ExecutionMatch.Equal(gold, rows, Ordered(database, pair.Sql));
            results.Add(new QuestionResult(pair.Question, pair.Sql, predicted, match, error, goldError));
            progress?.Invoke(results.Count);
        }
        return new QuestionSetReport(results);
    }

    private static bool Ordered(TrainingDatabase database, string goldSql)
    {
        try
        {
            return database.Parser.ParseStatement(goldSql).Query.OrderBy.Count > 0;
        }
        catch (SqlParseException)
        {
            return goldSql.Contains("order by", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<(ResultTable?, string?)> RunAsync(DbConnection connection, DatabaseKind kind, string sql, ExecutionOptions limits,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadOnlyExecutor.ExecuteAsync(connection, kind, sql, limits, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException)
        {
            return (null, e.Message);
        }
    }
}
