using BenchmarkDotNet.Attributes;
using NlQuery.Text;

namespace NlQuery.Benchmarks;

/// <summary>
/// The SentencePiece tokenizer on T5's model (from ../shared, or $NLQUERY_SHARED): encoding a 100-word question and a
/// PICARD-style model input, loading the model, and the per-token cost of incremental decoding that the constrained
/// beam search pays for every candidate token.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private const string Question100Words =
        "What are the names and ages of all singers who performed in at least two concerts held in stadiums with a " +
        "capacity above five thousand, ordered by the number of concerts they sang in, and for each of them also " +
        "show the theme of their most recent concert, the year it took place, the name of the stadium, its location " +
        "and the highest attendance ever recorded there, but leave out any singer from France or from the " +
        "Netherlands whose songs were released before 2010 or whose average song rating is below three point five " +
        "stars according to the reviews table?";

    private const string ModelInput =
        "How many singers do we have? | concert_singer | stadium : stadium_id , location , name , capacity , highest , " +
        "lowest , average | singer : singer_id , name , country ( France , Netherlands ) , song_name , " +
        "song_release_year , age , is_male | concert : concert_id , concert_name , theme , stadium_id , year | " +
        "singer_in_concert : concert_id , singer_id";

    private T5Tokenizer _tokenizer = null!;
    private string _modelPath = null!;
    private int[] _sqlIds = null!;

    [GlobalSetup]
    public void Setup()
    {
        _modelPath = Path.Combine(SharedDirectory(), "models", "t5-spiece", "spiece.model");
        _tokenizer = T5Tokenizer.Load(_modelPath);
        _sqlIds = _tokenizer.Encode(
            "concert_singer | SELECT T2.name , count(*) FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.singer_id = T2.singer_id GROUP BY T2.singer_id");
        if (_sqlIds.Length != 64)
            throw new InvalidOperationException($"the SQL sequence has {_sqlIds.Length} ids; update the benchmark's description");
    }

    [Benchmark(Description = "Encode a 100-word question")]
    public int[] EncodeQuestion() => _tokenizer.Encode(Question100Words);

    [Benchmark(Description = "Encode a PICARD model input (question | db | schema)")]
    public int[] EncodeModelInput() => _tokenizer.Encode(ModelInput);

    [Benchmark(Description = "Incremental decode of a 64-id SQL sequence, one Append per id")]
    public int IncrementalDecodeSequence()
    {
        // What the beam search does per hypothesis and step: extend the prefix's state by one id.
        var decoder = _tokenizer.TextDecoder;
        var state = default(TokenTextState);
        var length = 0;
        foreach (var id in _sqlIds)
            length += decoder.Append(ref state, id).Length;
        return length;
    }

    [Benchmark(Description = "Full decode of the same SQL sequence")]
    public string FullDecode() => _tokenizer.SentencePiece.Decode(_sqlIds);

    [Benchmark(Description = "Load T5's spiece.model and build the tokenizer")]
    public T5Tokenizer Load() => T5Tokenizer.Load(_modelPath);

    private static string SharedDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NLQUERY_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NlQuery.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        }
        throw new InvalidOperationException("Cannot find the repository root (NlQuery.sln); set NLQUERY_SHARED.");
    }
}
