using System.Text.Json;
using NlQuery.Schema;
using NlQuery.Sql;
using NlQuery.Tests.OnnxRuntime;
using NlQuery.Translation;
using Xunit.Abstractions;

namespace NlQuery.Tests.Translation;

/// <summary>
/// The translator on the tiny-t5 fixture: a T5 trained on three pairs only, so a seen input decodes to real SQL and
/// unseen ones to garbage, which is what shows that the constraint, not the model, keeps the output valid.
/// </summary>
public sealed class T5TranslatorTests : IClassFixture<T5TranslatorTests.Fixture>
{
    private readonly Fixture _fixture;
    private readonly ITestOutputHelper _output;

    public T5TranslatorTests(Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

    public sealed class Fixture : IDisposable
    {
        public T5Translator Model { get; } = T5Translator.Load(Folder, new T5TranslatorOptions { MaxLength = 60 }, OnnxTestModels.Environment);

        /// <summary>The one translator, running the T5 model.</summary>
        public ModelTranslator Translator => field ??= new ModelTranslator(Model, ownsModel: false);

        public void Dispose() => Model.Dispose();
    }

    public static readonly DatabaseSchema ConcertSinger = new("concert_singer",
    [
        new Table("stadium", Columns("stadium_id", "location", "name", "capacity", "highest", "lowest", "average")),
        new Table("singer", Columns("singer_id", "name", "country", "song_name", "song_release_year", "age", "is_male")),
        new Table("concert", Columns("concert_id", "concert_name", "theme", "stadium_id", "year")),
        new Table("singer_in_concert", Columns("concert_id", "singer_id")),
    ]);

    private static IEnumerable<Column> Columns(params string[] names) => names.Select(n => new Column(n));

    private static readonly DatabaseSchema Stadium = new("stadium",
        [new Table("stadium", [new Column("name"), new Column("capacity"), new Column("year")])]);

    /// <summary>Inputs the model never saw (our own texts), serialised as PICARD does.</summary>
    private static readonly string[] Questions =
    [
        "Which countries have more than two singers?",
        "Show the names of stadiums with a capacity above 5000.",
        "What is the theme of every concert in 2014?",
        "How old is the youngest singer?",
        "List all song names by singers from France.",
        "Count the concerts held at each stadium.",
        "Which singer has the most concerts?",
        "What are the locations of stadiums that never hosted a concert?",
        "Give me the average age of male singers.",
        "Name the stadium with the highest attendance.",
        "zzz qqq xxx",
        "singer singer singer singer",
    ];

    public static TheoryData<string> UnseenQuestions => new(Questions);

    [Fact]
    public void TheSeenInputStillDecodesToItsSql()
    {
        var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden.json"))).RootElement
            .GetProperty("greedy")[0];
        var text = golden.GetProperty("text").GetString()!;
        var expected = golden.GetProperty("output_text").GetString()!;
        var parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, Stadium);

        var output = _fixture.Model.Generate(text, "stadium", parser);

        Assert.Equal(expected, output.Beams[0].Text);
        Assert.Equal("select avg(capacity) from stadium where year > 2010", output.Beams[0].Sql);
    }

    [Theory]
    [MemberData(nameof(UnseenQuestions))]
    public async Task EveryConstrainedCandidateParsesCompleteAgainstTheSchema(string question)
    {
        var request = new TranslationRequest(question, ConcertSinger, SqlDialect.Sqlite);
        var guards = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, ConcertSinger);

        var modelInput = (await _fixture.Translator.TranslateAsync(request)).ModelInput;
        Assert.NotEqual(0, CheckConstrainedAgainstUnconstrained(modelInput));
    }

    /// <summary>
    /// Raw model inputs far from the three training pairs: here even the best unconstrained beam is often garbage.
    /// Within top-k 8 the constraint may find no valid statement for some (it then returns none, never an invalid one).
    /// </summary>
    [Fact]
    public void OnGarbageInputsConstrainedOutputStillParses()
    {
        string[] inputs =
        [
            "Which countries have more than two singers? | singer : country",
            "How many singers are there? | concert_singer | singer : name",
            "average capacity | stadium : capacity , name",
            "List every concert theme | concert : theme , year",
            "| | | , , :",
            "What is the average capacity of stadiums built after 2010?",
        ];
        var withCandidates = inputs.Count(input => CheckConstrainedAgainstUnconstrained(input) > 0);
        Assert.True(withCandidates >= inputs.Length / 2, $"only {withCandidates} of {inputs.Length} inputs got a candidate");
    }

    private int CheckConstrainedAgainstUnconstrained(string modelInput)
    {
        var guards = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, ConcertSinger);
        var constrained = _fixture.Model.Generate(modelInput, ConcertSinger.Name, guards);
        var unconstrained = _fixture.Model.Generate(modelInput, ConcertSinger.Name, null);

        foreach (var beam in constrained.Beams)
        {
            _output.WriteLine($"constrained   {beam.Score:F3} {beam.Text}");
            Assert.StartsWith("concert_singer | ", beam.Text, StringComparison.Ordinal);
            Assert.Equal(ParseStatus.Complete, guards.Parse(beam.Sql).Status);
        }
        foreach (var beam in unconstrained.Beams)
            _output.WriteLine($"unconstrained {beam.Score:F3} {beam.Text} → {guards.Parse(beam.Sql)}");
        // The model alone does write invalid output for this input: the constraint is what removes it.
        Assert.Contains(unconstrained.Beams, b =>
            !b.Text.StartsWith("concert_singer | ", StringComparison.Ordinal) || guards.Parse(b.Sql).Status != ParseStatus.Complete);
        Assert.NotEqual(unconstrained.Beams.Select(b => b.Text), constrained.Beams.Select(b => b.Text));
        return constrained.Beams.Count;
    }

    [Fact]
    public async Task CandidatesArePrintedInTheRequestDialectBestFirstWithTimings()
    {
        var request = new TranslationRequest("How old is the youngest singer?", ConcertSinger, SqlDialect.TSql);
        var result = await _fixture.Translator.TranslateAsync(request);

        Assert.NotEmpty(result.Candidates);
        Assert.Equal(result.Candidates.OrderByDescending(c => c.Score).Select(c => c.Sql), result.Candidates.Select(c => c.Sql));
        var tsql = new SqlParser(SqlDialect.TSql, ParseMode.Guards, ConcertSinger);
        foreach (var candidate in result.Candidates)
            Assert.Equal(ParseStatus.Complete, tsql.Parse(candidate.Sql).Status);
        Assert.StartsWith("How old is the youngest singer? | concert_singer | stadium : ", result.ModelInput, StringComparison.Ordinal);
        Assert.True(result.Timings.Encoding > TimeSpan.Zero && result.Timings.Decoding > TimeSpan.Zero && result.Timings.Constraint > TimeSpan.Zero);
        Assert.True(result.Timings.Total >= result.Timings.Decoding + result.Timings.Encoding);
        Assert.False(result.InputTruncated);
    }

    [Fact]
    public async Task SixtyFourConcurrentCallsGiveWhatSequentialCallsGive()
    {
        var questions = Questions;
        var expected = new Dictionary<string, string>();
        foreach (var question in questions)
            expected[question] = Describe(await _fixture.Translator.TranslateAsync(new TranslationRequest(question, ConcertSinger, SqlDialect.Sqlite)));

        var tasks = Enumerable.Range(0, 64).Select(async i =>
        {
            var question = questions[i % questions.Length];
            var result = await _fixture.Translator.TranslateAsync(new TranslationRequest(question, ConcertSinger, SqlDialect.Sqlite));
            return (question, Describe(result));
        });
        foreach (var (question, actual) in await Task.WhenAll(tasks))
            Assert.Equal(expected[question], actual);

        static string Describe(TranslationResult r) => string.Join("\n", r.Candidates.Select(c => $"{c.Score:R} {c.Sql}"));
    }

    [Fact]
    public void AnInputBeyondTheModelLimitIsCutToItsFirstTokensPlusEos()
    {
        var question = string.Join(' ', Enumerable.Repeat("singer", 700));
        var output = _fixture.Model.Generate(question, "concert_singer", null);
        Assert.True(output.InputTruncated);
        Assert.True(output.InputTokens > 512);
    }

    [Theory]
    [InlineData("model.json")]
    [InlineData("spiece.model")]
    [InlineData("encoder_model.onnx")]
    [InlineData("decoder_model.onnx")]
    [InlineData("decoder_with_past_model.onnx")]
    public void AMissingFileIsNamed(string missing)
    {
        var copy = CopyFixture();
        try
        {
            File.Delete(Path.Combine(copy, missing));
            var error = Assert.Throws<FileNotFoundException>(() => T5Translator.Load(copy, null, OnnxTestModels.Environment));
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Theory]
    [InlineData("model.json")]
    [InlineData("decoder_model.onnx")]
    public void ACorruptFileIsAClearError(string corrupt)
    {
        var copy = CopyFixture();
        try
        {
            File.WriteAllText(Path.Combine(copy, corrupt), "{ not json or onnx");
            var error = Assert.Throws<InvalidDataException>(() => T5Translator.Load(copy, null, OnnxTestModels.Environment));
            Assert.Contains(corrupt, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void AMissingFolderIsAClearError() =>
        Assert.Throws<DirectoryNotFoundException>(() => T5Translator.Load("/no/such/model", null, OnnxTestModels.Environment));

    private static string CopyFixture()
    {
        var copy = Path.Combine(Path.GetTempPath(), "nlq-t5-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Folder))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }
}
