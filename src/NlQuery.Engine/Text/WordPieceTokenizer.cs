using Microsoft.ML.Tokenizers;

namespace NlQuery.Text;

/// <summary>
/// BERT's WordPiece tokenization (uncased, punctuation split off) through <c>Microsoft.ML.Tokenizers</c>'
/// <see cref="BertTokenizer"/>, read from a <c>vocab.txt</c>. The pointer model's encoder (MiniLM) reads these ids.
/// Thread-safe. Where 3.0.0 differs from Hugging Face's BERT (tests/fixtures/wordpiece lists every case): <c>|</c> and
/// some symbols are dropped, <c>_</c> stays inside a word, and in a process running with <c>InvariantGlobalization</c>
/// (the library and test projects; not <c>nlq</c>, which SqlClient needs ICU for) accents are not stripped, so an
/// accented word becomes [UNK]. The shipped model's training files were written in invariant mode; Spider's questions
/// and names are almost all ASCII, where both modes give the same ids.
/// </summary>
public sealed class WordPieceTokenizer
{
    private readonly BertTokenizer _bert;

    private WordPieceTokenizer(BertTokenizer bert) => _bert = bert;

    /// <summary>Reads a WordPiece vocabulary (one piece a line).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a BERT vocabulary (no [CLS]/[SEP]/[UNK]).</exception>
    public static WordPieceTokenizer Load(string vocabularyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabularyPath);
        if (!File.Exists(vocabularyPath))
            throw new FileNotFoundException($"WordPiece vocabulary not found: '{vocabularyPath}'.", vocabularyPath);
        try
        {
            return new WordPieceTokenizer(BertTokenizer.Create(vocabularyPath, new BertOptions { LowerCaseBeforeTokenization = true }));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"'{vocabularyPath}' is not a BERT WordPiece vocabulary: {e.Message}", e);
        }
    }

    public int ClsId => _bert.ClassificationTokenId;

    public int SepId => _bert.SeparatorTokenId;

    public int PadId => _bert.PaddingTokenId;

    /// <summary>The id of [UNK], which stands for a word the vocabulary cannot spell.</summary>
    public int UnknownId { get; } = 100;

    /// <summary>The ids of a text's pieces, without [CLS]/[SEP].</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _bert.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
    }
}
