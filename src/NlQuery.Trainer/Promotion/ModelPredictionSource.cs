using NlQuery.Generation;
using NlQuery.OnnxRuntime;
using NlQuery.Text;
using NlQuery.Training.Datasets;
using NlQuery.Training.Evaluation;

namespace NlQuery.Training.Promotion;

/// <summary>
/// Predictions for the held-out examples from an exported model folder (the three ONNX files and spiece.model): each
/// serialised input is encoded and decoded by beam search without constraints, and the <c>db_id | </c> prefix of the
/// output is removed. Unconstrained on purpose: promotion compares what the models learned, not the parser's help.
/// </summary>
public sealed class ModelPredictionSource : IPredictionSource, IDisposable
{
    private readonly IReadOnlyList<TrainingExample> _examples;
    private readonly OnnxRuntimeEnvironment _environment;
    private readonly T5Model _model;
    private readonly T5Tokenizer _tokenizer;
    private readonly BeamSearchOptions _options;

    /// <param name="modelDirectory">Exported model folder.</param>
    /// <param name="examples">The examples in evaluation order: prediction <c>i</c> is made from <c>examples[i].Input</c>.</param>
    public ModelPredictionSource(string modelDirectory, IReadOnlyList<TrainingExample> examples, int beams = 1, int maxLength = 256)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var spm = Path.Combine(modelDirectory, "spiece.model");
        if (!File.Exists(spm))
            throw new FileNotFoundException($"{modelDirectory} has no spiece.model", spm);
        _examples = examples;
        // Our tokenizers have no T5 sentinel ids: the model's vocabulary is exactly the SentencePiece pieces.
        _tokenizer = T5Tokenizer.Load(spm, extraIds: 0);
        _environment = new OnnxRuntimeEnvironment();
        try
        {
            _model = T5Model.Load(_environment, modelDirectory);
        }
        catch
        {
            _environment.Dispose();
            throw;
        }
        _options = new BeamSearchOptions { BeamSize = beams, TopK = Math.Max(beams, 2), MaxLength = maxLength, EosTokenId = _tokenizer.EosId };
    }

    public ValueTask<string> PredictAsync(int index, TextToSqlExample example, CancellationToken cancellationToken)
    {
        if ((uint)index >= (uint)_examples.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Only {_examples.Count} examples were given.");
        using var encoded = _model.Encode(_tokenizer.Encode(_examples[index].Input), cancellationToken);
        using var decoder = _model.CreateDecoder(encoded);
        var best = BeamSearch.Run(decoder, Unconstrained.Instance, _options, cancellationToken).Best;
        var text = best is null ? "" : _tokenizer.Decode(best.Tokens.Where(t => t != _tokenizer.EosId).ToArray());
        return ValueTask.FromResult(StripDatabaseId(text));
    }

    /// <summary>The SQL of a <c>db_id | sql</c> output (the whole text when there is no separator).</summary>
    public static string StripDatabaseId(string output)
    {
        var bar = output.IndexOf(" | ", StringComparison.Ordinal);
        return (bar < 0 ? output : output[(bar + 3)..]).Trim();
    }

    public void Dispose()
    {
        _model.Dispose();
        _environment.Dispose();
    }
}
