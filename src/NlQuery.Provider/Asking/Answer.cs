using NlQuery.Linking;
using System.Data;
using System.Data.Common;
using NlQuery.Execution;
using NlQuery.Feedback;

namespace NlQuery;

/// <summary>
/// A question's answer: the SQL that ran (in the connection's dialect), its rows, the other candidates and why they
/// were not used, and where the time went. Corrections and ratings go to the engine's feedback store.
/// </summary>
public sealed class Answer
{
    private readonly NlQueryEngine _engine;

    internal Answer(NlQueryEngine engine, string question, string databaseName, string schemaHash, string sql, double score,
        ResultTable rows, IReadOnlyList<CandidateOutcome> alternatives, string modelInput, AnswerTimings timings)
    {
        _engine = engine;
        Question = question;
        DatabaseName = databaseName;
        SchemaHash = schemaHash;
        Sql = sql;
        Score = score;
        Rows = rows;
        Alternatives = alternatives;
        ModelInput = modelInput;
        Timings = timings;
    }

    public string Question { get; }

    public string DatabaseName { get; }

    public string SchemaHash { get; }

    /// <summary>The SQL that ran, re-printed by NlQuery's parser in the connection's dialect.</summary>
    public string Sql { get; }

    /// <summary>The translator's score for <see cref="Sql"/> (higher is better).</summary>
    public double Score { get; }

    public ResultTable Rows { get; }

    /// <summary>
    /// How much to trust the answer, in [0, 1]: the candidates' scores (softmax, agreement between beams), the parser's
    /// and database's verdicts on higher-ranked candidates, and whether the SQL's string literals exist in the
    /// database (README, "Confidence").
    /// </summary>
    public double Confidence { get; init; } = 1;

    /// <summary>Whether <see cref="Confidence"/> is below the question's <see cref="AskOptions.UncertainBelow"/>.</summary>
    public bool IsUncertain { get; init; }

    /// <summary>The other candidates, best first: those that failed before the answer, and those never tried.</summary>
    public IReadOnlyList<CandidateOutcome> Alternatives { get; }

    /// <summary>What the model saw: the question with the serialised schema.</summary>
    public string ModelInput { get; }

    /// <summary>Which tables and columns the model saw and why (the schema summariser's decision); null when it saw the whole schema.</summary>
    public SchemaSummary? SchemaSummary { get; init; }

    /// <summary>Each reply of a translator that asks again on rejection (an LLM) and why it was rejected; empty for the local model.</summary>
    public IReadOnlyList<Translation.TranslationAttempt> Attempts { get; init; } = [];

    public AnswerTimings Timings { get; }

    /// <summary>The rows as a data reader (over a materialised table).</summary>
    public DbDataReader CreateReader() => ToDataTable().CreateDataReader();

    public DataTable ToDataTable()
    {
        var table = new DataTable();
        for (var i = 0; i < Rows.Columns.Count; i++)
        {
            var type = Rows.Rows.Select(r => r[i]?.GetType()).FirstOrDefault(t => t is not null) ?? typeof(object);
            var allSame = Rows.Rows.All(r => r[i] is null || r[i]!.GetType() == type);
            // DataTable needs unique column names; SQL results may repeat one (SELECT a.id, b.id).
            var name = Rows.Columns[i];
            while (table.Columns.Contains(name))
                name += "_";
            table.Columns.Add(name, allSame ? type : typeof(object));
        }
        foreach (var row in Rows.Rows)
            table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        return table;
    }

    /// <summary>
    /// Checks a correction as <see cref="NlQueryEngine.CorrectAsync"/> does (parser, then EXPLAIN while the connection
    /// is open); null for answers made without a database to check against.
    /// </summary>
    internal Func<string, CancellationToken, Task>? CheckCorrection { get; init; }

    /// <summary>
    /// Logs the SQL that should have been generated; completes once the feedback store has committed it. The SQL is
    /// checked first like generated SQL (a complete SELECT for this schema that the database accepts under EXPLAIN).
    /// </summary>
    /// <exception cref="ArgumentException">The corrected SQL does not parse or the database rejects it: it is stored as
    /// rejected (with the reason), never trained on.</exception>
    public async Task CorrectAsync(string correctedSql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(correctedSql);
        var check = CheckCorrection;
        await _engine.AddCheckedCorrectionAsync(new FeedbackRecord(Question, DatabaseName, SchemaHash, Sql, correctedSql, null, DateTimeOffset.UtcNow),
            check is null ? null : token => check(correctedSql, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs whether the answer was right.</summary>
    public Task RateAsync(bool good, CancellationToken cancellationToken = default) =>
        _engine.Feedback.AddAsync(new FeedbackRecord(Question, DatabaseName, SchemaHash, Sql, null, good, DateTimeOffset.UtcNow), cancellationToken);
}
