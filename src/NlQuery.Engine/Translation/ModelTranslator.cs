using System.Diagnostics;
using System.Runtime.CompilerServices;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Translation;

/// <summary>
/// The translator: runs a model folder of any family (<see cref="ModelLoader"/>) for asking, evaluation and promotion
/// alike. Per database it keeps one schema summariser (what the model sees) and one parser (the constraint); every
/// candidate is re-parsed and printed in the request's dialect. Thread-safe.
/// </summary>
public sealed class ModelTranslator : ITranslator, IDisposable
{
    private readonly ConditionalWeakTable<DatabaseSchema, PerSchema> _schemas = new();
    private readonly bool _ownsModel;

    /// <param name="model">The model to run.</param>
    /// <param name="ownsModel">Whether disposing the translator disposes the model.</param>
    public ModelTranslator(ISqlModel model, ModelTranslatorOptions? options = null, bool ownsModel = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= ModelTranslatorOptions.Default;
        options.Validate();
        Model = model;
        Options = options;
        _ownsModel = ownsModel;
    }

    /// <summary>Loads a model folder (the family from its <c>model.json</c>).</summary>
    public static ModelTranslator Load(string folder, ModelTranslatorOptions? options = null) =>
        new(ModelLoader.Load(folder, options), options) { Calibration = ConfidenceCalibration.ReadModelFolder(folder) };

    public ISqlModel Model { get; }

    public ModelTranslatorOptions Options { get; }

    /// <summary>The model's confidence calibration, handed on with every result; null (a model without one) gives the fixed formula.</summary>
    public ConfidenceCalibration? Calibration { get; init; }

    public Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // CPU-bound work: run it off the caller's thread so that many questions can be in flight at once.
        return Task.Run(() => Translate(request, cancellationToken), cancellationToken);
    }

    /// <summary>The synchronous form of <see cref="TranslateAsync"/>.</summary>
    public TranslationResult Translate(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var schema = _schemas.GetValue(request.Schema, s => new PerSchema(s, request.Values, Model.Dialect));
        var output = Model.Generate(new ModelRequest(request.Question, request.PreviousQuestions, schema.Summariser,
            Options.UseConstraint ? schema.Parser : null) { BeamSize = Options.BeamSize }, cancellationToken);

        var candidates = new List<SqlCandidate>(output.Beams.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var beam in output.Beams)
        {
            string sql;
            try
            {
                sql = request.Dialect.Print(schema.Parser.ParseStatement(beam.Sql));
            }
            catch (SqlParseException)
            {
                // Only without the constraint: the model wrote something the parser rejects.
                continue;
            }
            catch (NotSupportedException)
            {
                // A construct the request's dialect cannot express: the next candidate may not need it.
                continue;
            }
            if (seen.Add(sql))
                candidates.Add(new SqlCandidate(sql, beam.Score));
        }
        var timings = new TranslationTimings(output.Linking, output.Encoding, output.Decoding, output.Constraint, Stopwatch.GetElapsedTime(started));
        return new TranslationResult(candidates, output.ModelInput, timings)
        {
            InputTruncated = output.InputTruncated,
            Summary = output.Summary,
            BestRaw = output.Beams.Count > 0 ? output.Beams[0].Sql : null,
            Calibration = Calibration,
        };
    }

    public void Dispose()
    {
        if (_ownsModel)
            Model.Dispose();
    }

    /// <summary>What one database's questions share: the summariser (names and values indexed once) and the model dialect's parser.</summary>
    private sealed class PerSchema(DatabaseSchema schema, ValueIndex? values, SqlDialect dialect)
    {
        public SchemaSummariser Summariser { get; } = new(schema, values);

        public SqlParser Parser { get; } = new(dialect, ParseMode.Guards, schema);
    }
}
