using NlQuery.Schema;
using NlQuery.Training.Datasets;
using NlQuery.Translation;
using NlQuery.Training.Evaluation;

namespace NlQuery.Training.Promotion;

/// <summary>
/// Scores an exported model on the held-out examples with the Spider evaluation (<see cref="SpiderEvaluator"/>): exact
/// set match and execution accuracy against the normalised gold targets, executed in the held-out databases.
/// </summary>
public static class HeldOutEvaluation
{
    /// <summary>The promotion metric's name: execution accuracy on the held-out databases (higher is better).</summary>
    public const string MetricName = "heldout_execution_accuracy";

    public static async Task<EvaluationReport> EvaluateAsync(string modelDirectory, IReadOnlyList<TrainingExample> heldOut, string tablesJsonPath,
        string databaseDirectory, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Count == 0)
            throw new ArgumentException("The held-out split is empty.", nameof(heldOut));
        var gold = heldOut.Select(e => new TextToSqlExample(e.DbId, e.Question, e.Sql, e.History, e.Source)).ToList();
        var databases = SpiderDatabaseInfo.LoadAll(tablesJsonPath);
        using var runner = new SqliteDatabaseRunner(databaseDirectory, TimeSpan.FromSeconds(30));
        // Greedy and unconstrained on purpose: promotion compares what the models learned, not the parser's help.
        using var translator = ModelTranslator.Load(modelDirectory, new ModelTranslatorOptions { BeamSize = 1, UseConstraint = false });
        var catalog = new TrainingDatabaseCatalog([databaseDirectory], [SpiderSchemaCatalog.Load(tablesJsonPath)]);
        var model = new ModelEvaluationSource(translator, catalog);
        return await new SpiderEvaluator(databases, runner).EvaluateAsync(gold, model, progress, cancellationToken).ConfigureAwait(false);
    }
}
