using NlQuery.Text;

namespace NlQuery.Tests.Text;

/// <summary>
/// The committed tiny models in <c>tests/fixtures/spm-small</c> (built by its make-fixture.sh with the official
/// spm_train 0.1.97) with the ids and decoded text the official spm_encode/spm_decode produced for inputs.txt,
/// and the T5 model from ../shared when present.
/// </summary>
internal static class SpmFixtures
{
    public static string Directory => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "spm-small");

    public static string SmallModelPath => Path.Combine(Directory, "spm-small.model");

    public static string BytesModelPath => Path.Combine(Directory, "spm-bytes.model");

    public static string T5ModelPath => SharedData.Combine("models", "t5-spiece", "spiece.model");

    public static string T5ReferencePath => SharedData.Combine("models", "t5-spiece", "reference.jsonl");

    private static readonly Lazy<SentencePieceTokenizer> SmallTokenizer = new(() => SentencePieceTokenizer.Load(SmallModelPath));
    private static readonly Lazy<SentencePieceTokenizer> BytesTokenizer = new(() => SentencePieceTokenizer.Load(BytesModelPath));
    private static readonly Lazy<T5Tokenizer> T5 = new(() => T5Tokenizer.Load(T5ModelPath));

    public static SentencePieceTokenizer Small => SmallTokenizer.Value;

    public static SentencePieceTokenizer Bytes => BytesTokenizer.Value;

    /// <summary>T5's tokenizer; only for tests marked [SharedDataFact].</summary>
    public static T5Tokenizer T5Tokenizer => T5.Value;

    /// <summary>Input lines with the expected ids and decoded text of one fixture model.</summary>
    public static IReadOnlyList<(string Text, int[] Ids, string Decoded)> Expected(string modelName)
    {
        var inputs = ReadLines("inputs.txt");
        var ids = ReadLines(modelName + ".ids");
        var decoded = ReadLines(modelName + ".decoded");
        if (inputs.Count != ids.Count || inputs.Count != decoded.Count)
            throw new InvalidOperationException($"{modelName}: inputs, ids and decoded line counts differ");
        return [.. inputs.Select((text, i) => (text, ParseIds(ids[i]), decoded[i]))];
    }

    /// <summary>Random id sequences with what the official spm_decode made of them.</summary>
    public static IReadOnlyList<(int[] Ids, string Decoded)> RandomDecodings(string modelName)
    {
        var ids = ReadLines(modelName + ".random-ids");
        var decoded = ReadLines(modelName + ".random-decoded");
        if (ids.Count != decoded.Count)
            throw new InvalidOperationException($"{modelName}: random ids and decoded line counts differ");
        return [.. ids.Select((line, i) => (ParseIds(line), decoded[i]))];
    }

    public static int[] ParseIds(string line) =>
        [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];

    // Lines split on '\n' only: inputs contain tabs and trailing spaces that must survive.
    private static List<string> ReadLines(string name)
    {
        var text = File.ReadAllText(Path.Combine(Directory, name));
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
