using System.Text.Json;
using NlQuery.Generation;
using NlQuery.OnnxRuntime;
using NlQuery.Text;

namespace NlQuery.Benchmarks;

/// <summary>
/// The model the T5 benchmarks run: tests/fixtures/tiny-t5 (d_model 64, 2+2 layers, vocabulary 1000), or the
/// Optimum folder named by $NLQUERY_BENCH_T5 (with its spiece.model). The fixture's input comes from its golden.json (our
/// own texts); an external model gets a Spider-style concert_singer input, tokenized with its own tokenizer.
/// </summary>
internal static class T5Fixture
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("NLQUERY_BENCH_T5") is { Length: > 0 } folder
            ? folder
            : Path.Combine(RepositoryRoot(), "tests", "fixtures", "tiny-t5");

    /// <summary>One global intra-op thread: the numbers are per core, and steady on a shared 2-core machine.</summary>
    public static OnnxRuntimeEnvironment CreateEnvironment() =>
        new(new OnnxRuntimeEnvironmentOptions { IntraOpThreads = 1, InterOpThreads = 1 });

    public static T5Model Load(OnnxRuntimeEnvironment environment) => T5Model.Load(environment, Folder);

    /// <summary>Whether $NLQUERY_BENCH_T5 names a model other than the tiny fixture.</summary>
    public static bool IsExternal => Environment.GetEnvironmentVariable("NLQUERY_BENCH_T5") is { Length: > 0 };

    /// <summary>
    /// A concert_singer question in PICARD's input format (question | db_id | table : columns | …), as Spider gives
    /// it to a real model; the tiny fixture's vocabulary does not cover it, so it gets <see cref="LongInput"/>.
    /// </summary>
    public const string ConcertSingerInput =
        "Show the name and the release year of the song by the youngest singer. | concert_singer | " +
        "stadium : stadium_id , location , name , capacity , highest , lowest , average | " +
        "singer : singer_id , name , country , song_name , song_release_year , age , is_male | " +
        "concert : concert_id , concert_name , theme , stadium_id , year | singer_in_concert : concert_id , singer_id";

    /// <summary>The model's tokenizer (spiece.model in its folder), with as many extra ids as the model's vocabulary leaves room for.</summary>
    public static T5Tokenizer Tokenizer(T5Model model)
    {
        var sentencePiece = SentencePieceTokenizer.Load(Path.Combine(Folder, "spiece.model"));
        return new T5Tokenizer(sentencePiece, Math.Clamp(model.VocabularySize - sentencePiece.VocabularySize, 0, T5Tokenizer.DefaultExtraIds));
    }

    /// <summary>The input the benchmarks encode: <see cref="ConcertSingerInput"/> for an external model, else <see cref="LongInput"/>.</summary>
    public static int[] Input(T5Model model) => IsExternal ? Tokenizer(model).Encode(ConcertSingerInput) : LongInput();

    /// <summary>The longest golden input (173 tokens of schema-serialised text) as one unpadded row.</summary>
    public static int[] LongInput()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "fixtures", "tiny-t5", "golden.json")));
        var row = golden.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "long_and_medium_padded")
            .GetProperty("input_ids")[0];
        return row.EnumerateArray().Select(v => v.GetInt32()).ToArray();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NlQuery.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (NlQuery.sln) above " + AppContext.BaseDirectory);
    }
}
