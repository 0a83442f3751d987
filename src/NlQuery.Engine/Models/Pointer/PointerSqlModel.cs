using System.Diagnostics;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using NlQuery.Generation;
using NlQuery.Sql;
using NlQuery.Text;
using NlQuery.Translation;

namespace NlQuery.Models.Pointer;

/// <summary>
/// The pointer model (<c>model.json</c> format <c>pointer-minilm</c>, docs/pointer-model.md): MiniLM over the question
/// and the summarised schema, the relation-aware linker, and an LSTM decoder over keyword, pointer and copy actions,
/// searched with beam search under the parser's veto. Thread-safe: each question gets its own input, encoder output,
/// decoder state and constraint.
/// </summary>
public sealed class PointerSqlModel : ISqlModel
{
    private readonly SentenceEncoder _encoder;
    private readonly InferenceSession _linker;
    private readonly InferenceSession _step;

    private PointerSqlModel(PointerModelInfo info, PointerInputBuilder inputs, SentenceEncoder encoder, InferenceSession linker, InferenceSession step)
    {
        Info = info;
        Inputs = inputs;
        _encoder = encoder;
        _linker = linker;
        _step = step;
        Dialect = SqlDialect.FromName(info.Dialect);
    }

    public string Format => PointerModelInfo.Format;

    public SqlDialect Dialect { get; }

    public PointerModelInfo Info { get; }

    public PointerInputBuilder Inputs { get; }

    /// <summary>Loads a pointer model folder (<c>model.json</c>, <c>linker.onnx</c>, <c>decoder_step.onnx</c>, optionally a fine-tuned encoder).</summary>
    /// <param name="createSession">Makes an ONNX Runtime session from a file (<see cref="OnnxRuntime.OnnxRuntimeEnvironment.CreateSession(string, OnnxRuntime.OnnxSessionOptions?)"/>, as <see cref="Translation.ModelLoader"/> does); the default: the loader's process-wide environment, default options.</param>
    /// <exception cref="FileNotFoundException">A file the folder needs is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is not what it should be (the message names it).</exception>
    public static PointerSqlModel Load(string folder, PointerModelInfo info, Func<string, InferenceSession>? createSession = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(info);
        createSession ??= path => ModelLoader.Environment.CreateSession(path);
        string encoderPath, vocabularyPath;
        if (info.Encoder == EncoderFiles.MiniLmPackage)
        {
            var directory = EncoderFiles.MiniLmDirectory();
            encoderPath = Path.Combine(directory, "model.onnx");
            vocabularyPath = Path.Combine(directory, "vocab.txt");
        }
        else
        {
            encoderPath = Path.Combine(folder, info.Encoder);
            vocabularyPath = File.Exists(Path.Combine(folder, "vocab.txt")) ? Path.Combine(folder, "vocab.txt") : Path.Combine(EncoderFiles.MiniLmDirectory(), "vocab.txt");
        }
        var files = new[] { encoderPath, Path.Combine(folder, "linker.onnx"), Path.Combine(folder, "decoder_step.onnx") };
        foreach (var file in files)
        {
            if (!File.Exists(file))
                throw new FileNotFoundException($"The pointer model folder '{folder}' needs '{file}', which does not exist.", file);
        }
        var sessions = new List<InferenceSession>();
        try
        {
            foreach (var file in files)
            {
                try
                {
                    sessions.Add(createSession(file));
                }
                catch (OnnxRuntimeException e)
                {
                    throw new InvalidDataException($"ONNX Runtime cannot load '{file}': {e.Message}", e);
                }
            }
            Require(sessions[1], files[1], ["features", "kinds", "relations"], ["memory", "pointer_keys", "action_memory"]);
            Require(sessions[2], files[2], ["action", "h", "c", "memory", "pointer_keys", "action_memory"], ["logits", "h_out", "c_out"]);
            var tokenizer = WordPieceTokenizer.Load(vocabularyPath);
            return new PointerSqlModel(info, new PointerInputBuilder(tokenizer, info.TokenBudget) { AblateLinking = info.AblateLinking }, new SentenceEncoder(sessions[0]), sessions[1], sessions[2]);
        }
        catch
        {
            foreach (var session in sessions)
                session.Dispose();
            throw;
        }
    }

    public GenerationOutput Generate(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var input = Inputs.Build(request.Summariser, request.Question, request.PreviousQuestions, out var summary);
        var linking = Stopwatch.GetElapsedTime(started);

        started = Stopwatch.GetTimestamp();
        using var encoded = Encode(input, cancellationToken);
        var encoding = Stopwatch.GetElapsedTime(started);

        var actions = new PointerActions(Info.Vocabulary, input, Dialect);
        using var decoder = CreateDecoder(encoded);
        var options = new BeamSearchOptions
        {
            BeamSize = request.BeamSize,
            TopK = Math.Max(8, 2 * request.BeamSize),
            // The action set is small (vocabulary + positions): a stuck hypothesis may try all of it.
            FallbackTopK = int.MaxValue,
            MaxLength = Info.MaxActions,
            EosTokenId = ActionVocabulary.End,
            DecoderStartTokenId = ActionVocabulary.Start,
        };
        var result = request.Parser is { } parser
            ? BeamSearch.Run(decoder, new PointerConstraint(parser, actions), options, cancellationToken)
            : BeamSearch.Run(decoder, new UnconstrainedActions(actions), options, cancellationToken);
        var beams = result.Hypotheses
            .Select(h =>
            {
                var sql = actions.Render(h.Tokens);
                return new GeneratedText(sql, sql, h.Score, h.Tokens);
            })
            .ToList();
        return new GenerationOutput(beams, input.InputIds.Count, input.Truncated, encoding, result.DecoderTime, result.ConstraintTime)
        {
            ModelInput = Describe(input),
            Summary = summary,
            Linking = linking,
        };
    }

    /// <summary>Runs the encoder and the linker over one input.</summary>
    public PointerEncoderOutput Encode(PointerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var features = _encoder.Encode(input, cancellationToken);
        var kinds = input.Positions.Select(p => (long)p.Kind).ToArray();
        var relations = Array.ConvertAll(input.Relations, r => (long)r);
        return Encode(features, kinds, relations, input.Positions.Count, cancellationToken);
    }

    /// <summary>Runs the linker over given features (row-major [n, encoder width]), kinds [n] and relations [n·n]: the tests feed golden features.</summary>
    internal PointerEncoderOutput Encode(float[] features, long[] kinds, long[] relations, int n, CancellationToken cancellationToken = default)
    {
        using var featuresValue = OrtValue.CreateTensorValueFromMemory(features, [1, n, _encoder.Hidden]);
        using var kindsValue = OrtValue.CreateTensorValueFromMemory(kinds, [1, n]);
        using var relationsValue = OrtValue.CreateTensorValueFromMemory(relations, [1, n, n]);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        var outputs = _linker.Run(runOptions, ["features", "kinds", "relations"], [featuresValue, kindsValue, relationsValue],
            ["memory", "pointer_keys", "action_memory"]);
        cancellationToken.ThrowIfCancellationRequested();
        return new PointerEncoderOutput(n, outputs[0], outputs[1], outputs[2]);
    }

    /// <summary>A step decoder over one encoder output (what <see cref="Generate"/> searches with).</summary>
    internal PointerStepDecoder CreateDecoder(PointerEncoderOutput encoded) =>
        new(_step, encoded, Info.Vocabulary.Count, Info.Layers, Info.Hidden);

    /// <summary>The input as a reader sees it: the question, then each table with its columns and matched values.</summary>
    private static string Describe(PointerInput input)
    {
        var text = new StringBuilder(input.Question);
        foreach (var position in input.Positions.Skip(input.QuestionWordCount))
        {
            text.Append(position.Type switch
            {
                PositionType.Table => " | " + position.Text + " :",
                PositionType.Column => " " + position.Text,
                _ => " ('" + position.Text + "')",
            });
        }
        return text.ToString();
    }

    private static void Require(InferenceSession session, string file, string[] inputs, string[] outputs)
    {
        var missing = inputs.Where(i => !session.InputMetadata.ContainsKey(i)).Concat(outputs.Where(o => !session.OutputMetadata.ContainsKey(o))).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"'{file}' lacks {string.Join(", ", missing)} (see docs/pointer-model.md).");
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _linker.Dispose();
        _step.Dispose();
    }
}
