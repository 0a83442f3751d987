using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using NlQuery.OnnxRuntime;
using NlQuery.OnnxRuntime.Internal;

namespace NlQuery.Generation;

/// <summary>
/// A T5 encoder-decoder in Hugging Face Optimum's ONNX layout: <c>encoder_model.onnx</c> (input_ids,
/// attention_mask → last_hidden_state), <c>decoder_model.onnx</c> for the first step (input_ids,
/// encoder_attention_mask, encoder_hidden_states → logits, present.*) and <c>decoder_with_past_model.onnx</c> for
/// every later step (input_ids, encoder_attention_mask, past_key_values.{i}.{decoder|encoder}.{key|value} →
/// logits, present.{i}.decoder.*). The input is encoded once; <see cref="CreateDecoder"/> then decodes a batch of
/// hypotheses step by step over the KV cache. Thread-safe: one model serves many concurrent decoders.
/// </summary>
public sealed partial class T5Model : IDisposable
{
    public const string EncoderFileName = "encoder_model.onnx";
    public const string DecoderFileName = "decoder_model.onnx";
    public const string DecoderWithPastFileName = "decoder_with_past_model.onnx";

    private T5Model(string folder, InferenceSession encoder, InferenceSession decoder, InferenceSession decoderWithPast)
    {
        Folder = folder;
        Encoder = encoder;
        Decoder = decoder;
        DecoderWithPast = decoderWithPast;

        LayerCount = decoderWithPast.InputNames.Count(n => PastDecoderKey().IsMatch(n));
        if (LayerCount == 0)
            throw Invalid(DecoderWithPastFileName, "has no past_key_values.{i}.decoder.key inputs");
        PastNames = new string[LayerCount * 4];
        PresentDecoderNames = new string[LayerCount * 2];
        PresentEncoderNames = new string[LayerCount * 2];
        for (var i = 0; i < LayerCount; i++)
        {
            PastNames[4 * i] = $"past_key_values.{i}.decoder.key";
            PastNames[4 * i + 1] = $"past_key_values.{i}.decoder.value";
            PastNames[4 * i + 2] = $"past_key_values.{i}.encoder.key";
            PastNames[4 * i + 3] = $"past_key_values.{i}.encoder.value";
            PresentDecoderNames[2 * i] = $"present.{i}.decoder.key";
            PresentDecoderNames[2 * i + 1] = $"present.{i}.decoder.value";
            PresentEncoderNames[2 * i] = $"present.{i}.encoder.key";
            PresentEncoderNames[2 * i + 1] = $"present.{i}.encoder.value";
        }
        Require(encoder, EncoderFileName, ["input_ids", "attention_mask"], ["last_hidden_state"]);
        Require(decoder, DecoderFileName, ["input_ids", "encoder_attention_mask", "encoder_hidden_states"],
            ["logits", .. PresentDecoderNames, .. PresentEncoderNames]);
        Require(decoderWithPast, DecoderWithPastFileName, ["input_ids", "encoder_attention_mask", .. PastNames],
            ["logits", .. PresentDecoderNames]);
        DecoderWithPastTakesHiddenStates = decoderWithPast.InputNames.Contains("encoder_hidden_states");
        FirstStepInputNames = ["input_ids", "encoder_attention_mask", "encoder_hidden_states"];
        FirstStepOutputNames = ["logits", .. PresentDecoderNames, .. PresentEncoderNames];
        WithPastInputNames = ["input_ids", "encoder_attention_mask", .. DecoderWithPastTakesHiddenStates ? ["encoder_hidden_states"] : Array.Empty<string>(), .. PastNames];
        WithPastOutputNames = ["logits", .. PresentDecoderNames];

        var logits = decoder.OutputMetadata["logits"].Dimensions;
        VocabularySize = logits.Length == 3 && logits[2] > 0
            ? logits[2]
            : throw Invalid(DecoderFileName, $"declares logits as [{string.Join(", ", logits.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]; a fixed vocabulary size is needed as the last dimension");
    }

    /// <summary>Loads the three sessions from a model folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the three files is missing.</exception>
    /// <exception cref="InvalidDataException">A file lacks an input or output of the Optimum layout.</exception>
    public static T5Model Load(OnnxRuntimeEnvironment environment, string folder, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"T5 model folder not found: '{full}'.");
        var sessions = new List<InferenceSession>();
        try
        {
            foreach (var name in new[] { EncoderFileName, DecoderFileName, DecoderWithPastFileName })
            {
                var path = Path.Combine(full, name);
                if (!File.Exists(path))
                    throw new FileNotFoundException($"The T5 model folder '{full}' has no {name} (the Optimum layout needs {EncoderFileName}, {DecoderFileName} and {DecoderWithPastFileName}).", path);
                sessions.Add(environment.CreateSession(path, options));
            }
            return new T5Model(full, sessions[0], sessions[1], sessions[2]);
        }
        catch
        {
            foreach (var session in sessions)
                session.Dispose();
            throw;
        }
    }

    public string Folder { get; }

    /// <summary>Decoder layers, discovered from the past_key_values inputs.</summary>
    public int LayerCount { get; }

    public int VocabularySize { get; }

    internal InferenceSession Encoder { get; }

    internal InferenceSession Decoder { get; }

    internal InferenceSession DecoderWithPast { get; }

    internal bool DecoderWithPastTakesHiddenStates { get; }

    /// <summary>past_key_values names, four per layer: decoder key, decoder value, encoder key, encoder value.</summary>
    internal string[] PastNames { get; }

    internal string[] PresentDecoderNames { get; }

    internal string[] PresentEncoderNames { get; }

    // Name arrays for each kind of step, built once: a step passes them to Run as they are.
    internal static string[] EncoderInputNames { get; } = ["input_ids", "attention_mask"];

    internal static string[] EncoderOutputNames { get; } = ["last_hidden_state"];

    internal string[] FirstStepInputNames { get; }

    internal string[] FirstStepOutputNames { get; }

    internal string[] WithPastInputNames { get; }

    internal string[] WithPastOutputNames { get; }

    /// <summary>Encodes one input sequence (ids as the tokenizer gives them, end-of-sequence included).</summary>
    public T5EncoderOutput Encode(IReadOnlyList<int> inputIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        if (inputIds.Count == 0)
            throw new ArgumentException("The input has no tokens.", nameof(inputIds));
        var ids = inputIds.Select(i => (long)i).ToArray();
        var mask = new long[ids.Length];
        Array.Fill(mask, 1L);
        return Encode(ids, mask, 1, cancellationToken);
    }

    /// <summary>Encodes a padded batch: ids and mask are row-major [batchSize, length].</summary>
    public T5EncoderOutput Encode(long[] inputIds, long[] attentionMask, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        if (batchSize < 1 || inputIds.Length == 0 || inputIds.Length % batchSize != 0)
            throw new ArgumentException($"{inputIds.Length} ids do not make {batchSize} equal rows.", nameof(inputIds));
        if (attentionMask.Length != inputIds.Length)
            throw new ArgumentException($"The attention mask has {attentionMask.Length} entries for {inputIds.Length} ids.", nameof(attentionMask));
        var length = inputIds.Length / batchSize;
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, [batchSize, length]);
        using var mask = OrtValue.CreateTensorValueFromMemory(attentionMask, [batchSize, length]);
        // The collection is not disposed: its one value now belongs to the encoder output.
        var outputs = OrtRunner.Run(Encoder, EncoderInputNames, [ids, mask], EncoderOutputNames, cancellationToken);
        return new T5EncoderOutput(outputs.First(), (long[])attentionMask.Clone(), batchSize, length);
    }

    /// <summary>A decoder over the encoded batch; see <see cref="T5Decoder.Step"/>.</summary>
    public T5Decoder CreateDecoder(T5EncoderOutput encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return new T5Decoder(this, encoded);
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        DecoderWithPast.Dispose();
    }

    private static void Require(InferenceSession session, string file, string[] inputs, string[] outputs)
    {
        var missingInputs = inputs.Except(session.InputNames).ToList();
        if (missingInputs.Count > 0)
            throw Invalid(file, $"lacks the input(s) {string.Join(", ", missingInputs)} (it has {string.Join(", ", session.InputNames)})");
        var missingOutputs = outputs.Except(session.OutputNames).ToList();
        if (missingOutputs.Count > 0)
            throw Invalid(file, $"lacks the output(s) {string.Join(", ", missingOutputs)} (it has {string.Join(", ", session.OutputNames)})");
    }

    private static InvalidDataException Invalid(string file, string problem) =>
        new($"{file} is not in the Optimum T5 layout: it {problem}.");

    [GeneratedRegex(@"^past_key_values\.\d+\.decoder\.key$")]
    private static partial Regex PastDecoderKey();
}
