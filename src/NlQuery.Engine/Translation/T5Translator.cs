using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using NlQuery.Generation;
using NlQuery.Linking;
using NlQuery.OnnxRuntime;
using NlQuery.Sql;
using NlQuery.Text;

namespace NlQuery.Translation;

/// <summary>
/// The T5 family behind <see cref="ModelTranslator"/>: serialises the question and the summarised schema as PICARD does, runs a T5 model folder
/// (<c>model.json</c>, the SentencePiece model, the three Optimum ONNX files) with beam search, and lets the
/// incremental SQL parser veto tokens, so every candidate is a statement the parser accepts against the schema.
/// Candidates are printed in the request's dialect. Checking them against the live database is the caller's job.
/// </summary>
/// <remarks>
/// One ONNX Runtime environment and one set of sessions per translator; every call gets its own encoder output,
/// decoder and constraint states, so concurrent <see cref="TranslateAsync"/> calls are safe.
/// Inputs longer than the model's <c>max_input_length</c> tokens are cut to their first max − 1 tokens plus
/// end-of-sequence (Hugging Face's truncation): the question comes first, so what is lost is the schema's tail.
/// </remarks>
public sealed class T5Translator : ISqlModel
{
    private readonly OnnxRuntimeEnvironment? _ownedEnvironment;
    private readonly T5Model _model;
    private readonly PicardSerializer _serializer;
    private readonly SqlDialect _modelDialect;

    private readonly string _prefixFormat;

    private T5Translator(T5Model model, T5Tokenizer tokenizer, T5ModelInfo info, T5TranslatorOptions options,
        OnnxRuntimeEnvironment? ownedEnvironment)
    {
        _model = model;
        Tokenizer = tokenizer;
        Info = info;
        Options = options;
        _ownedEnvironment = ownedEnvironment;
        _serializer = new PicardSerializer(options.Serializer);
        _modelDialect = SqlDialect.FromName(info.Dialect);
        _prefixFormat = options.TargetPrefixFormat ?? info.TargetPrefixFormat;
    }

    /// <summary>Loads a model folder.</summary>
    /// <param name="environment">The ONNX Runtime environment to create sessions in; null: one of its own, disposed with the translator.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">model.json, the tokenizer or one of the ONNX files is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (the message names it).</exception>
    public static T5Translator Load(string folder, T5TranslatorOptions? options = null, OnnxRuntimeEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= T5TranslatorOptions.Default;
        ValidateOptions(options);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"T5 model folder not found: '{full}'.");
        var info = T5ModelInfo.Load(full);
        var tokenizerPath = Path.Combine(full, info.Tokenizer);
        if (!File.Exists(tokenizerPath))
            throw new FileNotFoundException($"The T5 model folder '{full}' has no {info.Tokenizer} (the tokenizer {T5ModelInfo.FileName} names).", tokenizerPath);
        try
        {
            _ = SqlDialect.FromName(info.Dialect);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{Path.Combine(full, T5ModelInfo.FileName)}: {e.Message}", e);
        }
        var sentencePiece = SentencePieceTokenizer.Load(tokenizerPath);

        var owned = environment is null ? new OnnxRuntimeEnvironment() : null;
        T5Model? model = null;
        try
        {
            try
            {
                model = T5Model.Load(environment ?? owned!, full, options.Session);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"The T5 model folder '{full}' has an ONNX file ONNX Runtime cannot load: {e.Message}", e);
            }
            if (model.VocabularySize < sentencePiece.VocabularySize)
                throw new InvalidDataException($"The model's vocabulary ({model.VocabularySize}) is smaller than its tokenizer's ({sentencePiece.VocabularySize} pieces in {info.Tokenizer}).");
            // T5 pads its vocabulary past the sentinels (32128 for 32000 pieces + 100 <extra_id_N>).
            var extraIds = Math.Min(T5Tokenizer.DefaultExtraIds, model.VocabularySize - sentencePiece.VocabularySize);
            return new T5Translator(model, new T5Tokenizer(sentencePiece, extraIds), info, options, owned);
        }
        catch
        {
            model?.Dispose();
            owned?.Dispose();
            throw;
        }
    }

    public T5Tokenizer Tokenizer { get; }

    public T5ModelInfo Info { get; }

    public T5TranslatorOptions Options { get; }

    /// <summary>The dialect the model writes SQL in (from model.json); the constraint parses in it.</summary>
    public SqlDialect ModelDialect => _modelDialect;

    public string Format => ModelLoader.T5Format;

    public SqlDialect Dialect => _modelDialect;

    /// <summary>
    /// Summarises the schema within the model's input length (counted in its own tokens), serialises the question
    /// and the kept tables, columns and values as PICARD does, and decodes.
    /// </summary>
    public GenerationOutput Generate(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var summary = request.Summariser.Summarise(_serializer.GetMatchText(request.Question, request.PreviousQuestions),
            new SchemaSummaryOptions { TokenBudget = Info.MaxInputLength, TokenCounter = text => Tokenizer.Encode(text, addEos: false).Length },
            _serializer.Matcher);
        var input = _serializer.Serialize(request.Summariser.Schema, request.Question, summary.ValueMatches, summary.ToSelection(), request.PreviousQuestions);
        var linking = Stopwatch.GetElapsedTime(started);
        var output = Generate(input.Text, request.Summariser.Schema.Name, request.Parser, cancellationToken, request.BeamSize);
        return output with { ModelInput = input.Text, Summary = summary, Linking = linking };
    }

    /// <summary>
    /// Runs the model on a ready model input text. With a <paramref name="parser"/>, output must be the target prefix
    /// for <paramref name="databaseId"/> followed by SQL the parser accepts; without one, decoding is unconstrained.
    /// </summary>
    public GenerationOutput Generate(string modelInput, string databaseId, SqlParser? parser, CancellationToken cancellationToken = default, int? beamSize = null)
    {
        ArgumentNullException.ThrowIfNull(modelInput);
        ArgumentNullException.ThrowIfNull(databaseId);
        var prefix = SqlConstraint.FormatPrefix(_prefixFormat, databaseId);
        var ids = Tokenizer.Encode(modelInput);
        var inputTokens = ids.Length;
        var truncated = ids.Length > Info.MaxInputLength;
        if (truncated)
        {
            ids = ids[..Info.MaxInputLength];
            ids[^1] = Tokenizer.EosId;
        }

        var started = Stopwatch.GetTimestamp();
        using var encoded = _model.Encode(ids, cancellationToken);
        var encoding = Stopwatch.GetElapsedTime(started);
        using var decoder = _model.CreateDecoder(encoded);
        var options = new BeamSearchOptions
        {
            BeamSize = beamSize ?? Options.BeamSize,
            TopK = Options.TopK,
            FallbackTopK = parser is null ? 0 : Options.FallbackTopK,
            MaxLength = Options.MaxLength ?? Info.MaxOutputLength,
            LengthPenalty = Options.LengthPenalty,
            EosTokenId = Tokenizer.EosId,
            DecoderStartTokenId = Tokenizer.PadId,
            ForcedPrefix = ForcedPrefix(prefix),
        };
        var result = parser is null
            ? BeamSearch.Run(decoder, Unconstrained.Instance, options, cancellationToken)
            : BeamSearch.Run(decoder, new SqlConstraint(parser, Tokenizer, prefix), options, cancellationToken);

        var beams = result.Hypotheses
            .Select(h =>
            {
                var text = Tokenizer.Decode(h.Tokens.ToArray());
                return new GeneratedText(text, SqlPart(text, prefix), h.Score, h.Tokens);
            })
            .ToList();
        return new GenerationOutput(beams, inputTokens, truncated, encoding, result.DecoderTime, result.ConstraintTime);
    }

    /// <summary>
    /// The tokens of the target prefix (<c>db_id |</c>), fed to the decoder rather than left to the model: the database
    /// is known, and a model that ranks its id outside the top-k would otherwise lose every hypothesis at once under
    /// the constraint. The trailing space is left out: it belongs to the first SQL token (<c>▁select</c>). Nothing is
    /// forced when the tokenizer cannot spell the prefix exactly (e.g. a character it maps to unk).
    /// </summary>
    private int[] ForcedPrefix(string prefix)
    {
        var trimmed = prefix.TrimEnd();
        if (trimmed.Length == 0)
            return [];
        var ids = Tokenizer.Encode(trimmed, addEos: false);
        return prefix.StartsWith(Tokenizer.Decode(ids), StringComparison.Ordinal) && ids.Length < (Options.MaxLength ?? Info.MaxOutputLength) ? ids : [];
    }

    /// <summary>
    /// The SQL after the target prefix. Unconstrained output may carry another database id: then everything up to the
    /// prefix's separator (e.g. <c>|</c>) is dropped.
    /// </summary>
    private string SqlPart(string text, string prefix)
    {
        if (prefix.Length == 0 || text.StartsWith(prefix, StringComparison.Ordinal))
            return text[prefix.Length..].Trim();
        var separator = _prefixFormat.Replace("{db_id}", "", StringComparison.Ordinal).Trim();
        var at = separator.Length == 0 ? -1 : text.IndexOf(separator, StringComparison.Ordinal);
        return (at < 0 ? text : text[(at + separator.Length)..]).Trim();
    }

    private static void ValidateOptions(T5TranslatorOptions options)
    {
        if (options.BeamSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.BeamSize, "The beam size must be at least 1.");
        if (options.TopK < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.TopK, "Top-k must be at least 1.");
        if (options.FallbackTopK < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.FallbackTopK, "The fallback top-k must be 0 (off) or more.");
        if (options.MaxLength is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "The maximum length must be at least 1.");
    }

    public void Dispose()
    {
        _model.Dispose();
        _ownedEnvironment?.Dispose();
    }
}
