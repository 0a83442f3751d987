using System.Diagnostics;
using NlQuery.Sql;
using NlQuery.Training.Datasets;

namespace NlQuery.Training.Evaluation;

/// <summary>
/// Evaluates predictions on Spider-format examples: exact-set-match against the gold query's Spider structure (with
/// Spider's hardness of the gold), and, when a database folder is given, execution accuracy — the predicted and gold
/// results compared as multisets, in order when the gold query has a top-level ORDER BY.
/// </summary>
public sealed class SpiderEvaluator
{
    private readonly IReadOnlyDictionary<string, SpiderDatabaseInfo> _databases;
    private readonly Dictionary<string, (SpiderSqlBuilder Builder, ForeignKeyMap Keys)> _perDatabase = new(StringComparer.Ordinal);
    private readonly SqliteDatabaseRunner? _runner;
    private readonly SqlParser _parser = new(SqlDialect.Sqlite, ParseMode.Grammar);

    /// <param name="databases">tables.json of the examples.</param>
    /// <param name="runner">Runs queries for EX; null evaluates exact match only.</param>
    public SpiderEvaluator(IReadOnlyDictionary<string, SpiderDatabaseInfo> databases, SqliteDatabaseRunner? runner)
    {
        ArgumentNullException.ThrowIfNull(databases);
        _databases = databases;
        _runner = runner;
    }

    public async Task<EvaluationReport> EvaluateAsync(IReadOnlyList<TextToSqlExample> examples, IPredictionSource predictions,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(predictions);
        var results = new List<ExampleEvaluation>(examples.Count);
        for (var i = 0; i < examples.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var example = examples[i];
            if (!_databases.ContainsKey(example.DbId))
                throw new InvalidDataException($"Example {i} is on database '{example.DbId}', which tables.json does not describe.");
            var watch = Stopwatch.StartNew();
            var predicted = (await predictions.PredictAsync(i, example, cancellationToken).ConfigureAwait(false)).Trim();
            var latency = watch.Elapsed;
            results.Add(Evaluate(i, example, predicted) with { PredictionLatency = latency, InteractionIndex = example.InteractionIndex });
            progress?.Invoke(i + 1);
        }
        return new EvaluationReport(results, _runner is not null);
    }

    /// <summary>Evaluates one prediction against one gold query.</summary>
    public ExampleEvaluation Evaluate(int index, TextToSqlExample example, string predictedSql)
    {
        var database = _databases[example.DbId];
        if (!_perDatabase.TryGetValue(example.DbId, out var tools))
            _perDatabase[example.DbId] = tools = (new SpiderSqlBuilder(database), new ForeignKeyMap(database));

        var result = new ExampleEvaluation(index, example.DbId, example.Query, predictedSql);
        SpiderSql? gold = null;
        var ordered = false;
        try
        {
            var statement = _parser.ParseStatement(SpiderSqlBuilder.JoinSplitOperators(example.Query));
            ordered = statement.Query.OrderBy.Count > 0;
            gold = tools.Builder.Build(statement);
            result = result with { Hardness = SpiderHardnessRules.Classify(gold) };
        }
        catch (Exception e) when (e is SqlParseException or NotSupportedException)
        {
            result = result with { GoldStructureError = e.Message };
        }

        SpiderSql predicted;
        try
        {
            predicted = predictedSql.Length == 0 ? SpiderSql.Empty : tools.Builder.Build(predictedSql);
        }
        catch (Exception e) when (e is SqlParseException or NotSupportedException)
        {
            predicted = SpiderSql.Empty;
            result = result with { PredictedStructureError = e.Message };
        }
        if (gold is not null)
            result = result with { ExactMatch = ExactSetMatch.Evaluate(predicted, gold, database, tools.Keys).IsMatch };

        if (_runner is null)
            return result;
        var goldOutcome = _runner.Run(example.DbId, SpiderSqlBuilder.JoinSplitOperators(example.Query));
        var predictedOutcome = predictedSql.Length == 0
            ? new QueryOutcome(null, "no prediction", TimeSpan.Zero)
            : _runner.Run(example.DbId, SpiderSqlBuilder.JoinSplitOperators(predictedSql));
        return result with
        {
            GoldExecutionError = goldOutcome.Error,
            GoldIsInformative = goldOutcome.Result is { } goldRows ? IsInformative(goldRows) : null,
            PredictedExecutionError = predictedOutcome.Error,
            PredictedExecutionTime = predictedOutcome.Elapsed,
            ExecutionMatch = goldOutcome.Result is not null && predictedOutcome.Result is not null
                && ExecutionMatch.Equal(goldOutcome.Result, predictedOutcome.Result, ordered),
        };
    }

    private static bool IsInformative(Execution.ResultTable result) =>
        result.Rows.Count > 1 || result.Rows.Count == 1 && !(result.Rows[0].Length == 1 && (result.Rows[0][0] is null or DBNull
            || result.Rows[0][0] is long and 0 || result.Rows[0][0] is double and 0.0 || result.Rows[0][0] is int and 0));
}
