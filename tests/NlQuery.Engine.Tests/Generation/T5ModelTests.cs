using System.Text.Json;
using NlQuery.Generation;
using NlQuery.OnnxRuntime;
using NlQuery.Tests.OnnxRuntime;
using Xunit.Abstractions;

namespace NlQuery.Tests.Generation;

/// <summary>
/// Runs the tiny random T5 in tests/fixtures/tiny-t5 (exported by the project's PyTorch script) and compares with
/// the golden outputs PyTorch wrote beside it.
/// </summary>
public sealed class T5ModelTests : IClassFixture<T5ModelTests.Fixture>
{
    private readonly Fixture _fixture;
    private readonly ITestOutputHelper _output;

    public T5ModelTests(Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public sealed class Fixture : IDisposable
    {
        public static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");

        public T5Model Model { get; } = T5Model.Load(OnnxTestModels.Environment, Folder);

        public JsonElement Golden { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden.json"))).RootElement;

        public double Tolerance => Golden.GetProperty("tolerance").GetDouble();

        public void Dispose() => Model.Dispose();
    }

    private static long[] Flatten(JsonElement rows) =>
        rows.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetInt64())).ToArray();

    private static float[] Values(JsonElement tensor) =>
        tensor.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public static TheoryData<string> Cases => new() { "short", "long_and_medium_padded" };

    private JsonElement Case(string name) =>
        _fixture.Golden.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public void DiscoversTheLayoutFromTheSessions()
    {
        var config = _fixture.Golden.GetProperty("config");

        Assert.Equal(config.GetProperty("num_decoder_layers").GetInt32(), _fixture.Model.LayerCount);
        Assert.Equal(config.GetProperty("vocab_size").GetInt32(), _fixture.Model.VocabularySize);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncoderMatchesPyTorch(string name)
    {
        var c = Case(name);
        var batch = c.GetProperty("input_ids").GetArrayLength();

        using var encoded = _fixture.Model.Encode(Flatten(c.GetProperty("input_ids")), Flatten(c.GetProperty("attention_mask")), batch);

        var expected = Values(c.GetProperty("encoder_last_hidden_state"));
        var actual = encoded.HiddenStates.GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(MaxDifference(expected, actual), 0, _fixture.Tolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepByStepLogitsOverTheKvCacheMatchPyTorch(string name)
    {
        var c = Case(name);
        var batch = c.GetProperty("input_ids").GetArrayLength();
        var decoderInput = c.GetProperty("decoder_input_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        var steps = decoderInput[0].Length;
        var vocabulary = _fixture.Model.VocabularySize;
        var expected = Values(c.GetProperty("logits")); // [batch, steps, vocabulary]

        using var encoded = _fixture.Model.Encode(Flatten(c.GetProperty("input_ids")), Flatten(c.GetProperty("attention_mask")), batch);
        using var decoder = _fixture.Model.CreateDecoder(encoded);
        var parents = Enumerable.Range(0, batch).ToArray();
        var worst = 0.0;
        for (var t = 0; t < steps; t++)
        {
            var logits = decoder.Step(parents, decoderInput.Select(row => row[t]).ToArray(), CancellationToken.None);
            Assert.Equal(batch * vocabulary, logits.Length);
            for (var b = 0; b < batch; b++)
            {
                var want = expected.AsSpan((b * steps + t) * vocabulary, vocabulary);
                worst = Math.Max(worst, MaxDifference(want.ToArray(), logits.Slice(b * vocabulary, vocabulary).ToArray()));
            }
        }

        _output.WriteLine($"{name}: largest logit difference from PyTorch over {steps} steps: {worst:E2}");
        Assert.InRange(worst, 0, _fixture.Tolerance);
        Assert.Equal(steps, decoder.Length);
    }

    [Fact]
    public void ReorderedCacheFollowsEachHypothesisParent()
    {
        var c = Case("short");
        var ids = Flatten(c.GetProperty("input_ids"));
        using var encoded = _fixture.Model.Encode(ids, Enumerable.Repeat(1L, ids.Length).ToArray(), 1);

        // Two hypotheses diverge (tokens 5 and 7), then the beam keeps the second twice and the first once.
        float[] beamLogits;
        using (var decoder = _fixture.Model.CreateDecoder(encoded))
        {
            decoder.Step([0, 0], [0, 0], CancellationToken.None);
            decoder.Step([0, 1], [5, 7], CancellationToken.None);
            decoder.Step([1, 1, 0], [9, 11, 9], CancellationToken.None);
            beamLogits = decoder.Step([2, 0, 1], [13, 13, 13], CancellationToken.None).ToArray();
        }

        long[][] prefixes = [[0, 5, 9, 13], [0, 7, 9, 13], [0, 7, 11, 13]];
        var vocabulary = _fixture.Model.VocabularySize;
        for (var h = 0; h < prefixes.Length; h++)
        {
            using var alone = _fixture.Model.CreateDecoder(encoded);
            ReadOnlySpan<float> logits = default;
            foreach (var token in prefixes[h])
                logits = alone.Step([0], [token], CancellationToken.None);
            Assert.InRange(MaxDifference(logits.ToArray(), beamLogits.AsSpan(h * vocabulary, vocabulary).ToArray()), 0, 1e-5);
        }
    }

    /// <summary>
    /// At a constant beam width hypotheses move between batch rows instead of the cache being gathered: every
    /// hypothesis must still see exactly its own prefix, through cycles, duplicated parents and the identity.
    /// </summary>
    [Theory]
    [InlineData(new[] { 1, 2, 0 }, new[] { 2, 2, 1 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 1, 2 })]
    [InlineData(new[] { 2, 0, 0 }, new[] { 1, 0, 1 })]
    public void HypothesesMovedBetweenRowsMatchDecodingEachPrefixAlone(int[] third, int[] fourth)
    {
        var c = Case("short");
        var ids = Flatten(c.GetProperty("input_ids"));
        using var encoded = _fixture.Model.Encode(ids, Enumerable.Repeat(1L, ids.Length).ToArray(), 1);
        long[] tokens2 = [5, 7, 9], tokens3 = [11, 13, 15], tokens4 = [17, 19, 21];

        float[] beamLogits;
        using (var decoder = _fixture.Model.CreateDecoder(encoded))
        {
            decoder.Step([0, 0, 0], [0, 0, 0], CancellationToken.None);
            decoder.Step([0, 1, 2], tokens2, CancellationToken.None);
            decoder.Step(third, tokens3, CancellationToken.None);
            beamLogits = decoder.Step(fourth, tokens4, CancellationToken.None).ToArray();
        }

        var vocabulary = _fixture.Model.VocabularySize;
        for (var h = 0; h < 3; h++)
        {
            var at3 = fourth[h];
            long[] prefix = [0, tokens2[third[at3]], tokens3[at3], tokens4[h]];
            using var alone = _fixture.Model.CreateDecoder(encoded);
            ReadOnlySpan<float> logits = default;
            foreach (var token in prefix)
                logits = alone.Step([0], [token], CancellationToken.None);
            Assert.InRange(MaxDifference(logits.ToArray(), beamLogits.AsSpan(h * vocabulary, vocabulary).ToArray()), 0, 1e-5);
        }
    }

    /// <summary>
    /// Random parents (repeats, skipped hypotheses, permutations, changes of width) over eight steps: the logits of
    /// every hypothesis equal those of its prefix decoded alone.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomReorderingsMatchDecodingEachPrefixAlone(int seed)
    {
        var random = new Random(seed);
        var c = Case("short");
        var ids = Flatten(c.GetProperty("input_ids"));
        using var encoded = _fixture.Model.Encode(ids, Enumerable.Repeat(1L, ids.Length).ToArray(), 1);
        var vocabulary = _fixture.Model.VocabularySize;

        List<long[]> prefixes = [[0]];
        float[] beamLogits;
        using (var decoder = _fixture.Model.CreateDecoder(encoded))
        {
            beamLogits = decoder.Step([0], [0], CancellationToken.None).ToArray();
            for (var step = 1; step < 8; step++)
            {
                var width = step % 3 == 0 ? random.Next(1, 5) : Math.Min(4, prefixes.Count + 2);
                var parents = Enumerable.Range(0, width).Select(_ => random.Next(prefixes.Count)).ToArray();
                if (step % 2 == 0 && width == prefixes.Count)
                    parents = Enumerable.Range(0, width).OrderBy(_ => random.Next()).ToArray();
                var tokens = parents.Select(_ => (long)random.Next(2, vocabulary)).ToArray();
                beamLogits = decoder.Step(parents, tokens, CancellationToken.None).ToArray();
                prefixes = parents.Select((p, i) => prefixes[p].Append(tokens[i]).ToArray()).ToList();
            }
        }

        for (var h = 0; h < prefixes.Count; h++)
        {
            using var alone = _fixture.Model.CreateDecoder(encoded);
            ReadOnlySpan<float> logits = default;
            foreach (var token in prefixes[h])
                logits = alone.Step([0], [token], CancellationToken.None);
            Assert.InRange(MaxDifference(logits.ToArray(), beamLogits.AsSpan(h * vocabulary, vocabulary).ToArray()), 0, 1e-5);
        }
    }

    public static TheoryData<string, int> GreedyCases => new() { { "", 0 }, { "", 1 }, { "int8", 0 }, { "int8", 1 } };

    /// <summary>
    /// Beam search at beam 1 is greedy decoding: it must give PyTorch's ids, for an input the fixture was trained on
    /// (real SQL, ends with end-of-sequence) and for one it was not (garbage up to the maximum length). The int8
    /// files are held to the same ids (their logits are not held to the tolerance).
    /// </summary>
    [Theory]
    [MemberData(nameof(GreedyCases))]
    public void GreedyBeamSearchReproducesPyTorchGreedyDecoding(string variant, int index)
    {
        var greedy = _fixture.Golden.GetProperty("greedy")[index];
        var input = greedy.GetProperty("input_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var expected = greedy.GetProperty("output_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        using var int8 = variant.Length == 0 ? null : T5Model.Load(OnnxTestModels.Environment, Path.Combine(Fixture.Folder, variant));
        var model = int8 ?? _fixture.Model;

        using var encoded = model.Encode(input);
        using var decoder = model.CreateDecoder(encoded);
        var result = BeamSearch.Run(decoder, Unconstrained.Instance, new BeamSearchOptions
        {
            BeamSize = 1,
            TopK = 1,
            MaxLength = greedy.GetProperty("max_length").GetInt32(),
            EosTokenId = 1,
        });

        // PyTorch's ids include end-of-sequence when it was reached; ours never do.
        Assert.Equal(expected.TakeWhile(t => t != 1), result.Best!.Tokens);
    }

    /// <summary>
    /// The fixture's second greedy input is one it was not trained on: unconstrained, it writes garbage. A constraint
    /// that accepts only the trained SQL's ids, in order, and end-of-sequence only after all of them, must steer the
    /// real model to exactly that output when every token is offered; with few tokens offered it may find nothing,
    /// but it never returns anything the constraint rejected.
    /// </summary>
    [Theory]
    [InlineData(1000, true)]
    [InlineData(2, false)]
    public void ConstrainedSearchOverTheRealModelOnlyReturnsAcceptedOutput(int topK, bool mustFind)
    {
        var garbageCase = _fixture.Golden.GetProperty("greedy")[1];
        var input = garbageCase.GetProperty("input_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var target = _fixture.Golden.GetProperty("greedy")[0].GetProperty("output_ids").EnumerateArray()
            .Select(v => v.GetInt32()).TakeWhile(t => t != 1).ToArray();
        var constraint = new FakeConstraint(
            accept: (prefix, token) => prefix.Count < target.Length && target[prefix.Count] == token,
            complete: prefix => prefix.Count == target.Length);

        using var encoded = _fixture.Model.Encode(input);
        using var decoder = _fixture.Model.CreateDecoder(encoded);
        var result = BeamSearch.Run(decoder, constraint, new BeamSearchOptions { BeamSize = 4, TopK = topK, MaxLength = 40 });

        Assert.All(result.Hypotheses, h => Assert.Equal(target, h.Tokens));
        if (mustFind)
            Assert.NotEmpty(result.Hypotheses);
        Assert.NotEqual(target, garbageCase.GetProperty("output_ids").EnumerateArray().Select(v => v.GetInt32()).TakeWhile(t => t != 1));
    }

    [Fact]
    public void ManyDecodersRunConcurrentlyOverOneModel()
    {
        var greedy = _fixture.Golden.GetProperty("greedy")[0];
        var input = greedy.GetProperty("input_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var expected = greedy.GetProperty("output_ids").EnumerateArray().Select(v => v.GetInt32()).TakeWhile(t => t != 1).ToArray();

        var results = new IReadOnlyList<int>[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var encoded = _fixture.Model.Encode(input);
            using var decoder = _fixture.Model.CreateDecoder(encoded);
            results[i] = BeamSearch.Run(decoder, Unconstrained.Instance, new BeamSearchOptions { BeamSize = 1 + i % 3, MaxLength = 40 }).Best!.Tokens;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void FirstStepParentsMustNameEncodedInputs()
    {
        using var encoded = _fixture.Model.Encode([5, 6, 1]);
        using var decoder = _fixture.Model.CreateDecoder(encoded);

        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Step([1], [0], CancellationToken.None));
        Assert.Throws<ArgumentException>(() => decoder.Step([0], [0, 0], CancellationToken.None));
    }

    [Fact]
    public void MissingFolderOrFileIsReportedByName()
    {
        var empty = Directory.CreateTempSubdirectory("nlquery-t5-");
        try
        {
            Assert.Throws<DirectoryNotFoundException>(() => T5Model.Load(OnnxTestModels.Environment, Path.Combine(empty.FullName, "nope")));
            var e = Assert.Throws<FileNotFoundException>(() => T5Model.Load(OnnxTestModels.Environment, empty.FullName));
            Assert.Contains(T5Model.EncoderFileName, e.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void AFolderWithOtherModelsIsRejectedWithWhatIsMissing()
    {
        var folder = Directory.CreateTempSubdirectory("nlquery-t5-");
        try
        {
            foreach (var name in new[] { T5Model.EncoderFileName, T5Model.DecoderFileName, T5Model.DecoderWithPastFileName })
                File.Copy(OnnxTestModels.MatMulAdd, Path.Combine(folder.FullName, name));

            var e = Assert.Throws<InvalidDataException>(() => T5Model.Load(OnnxTestModels.Environment, folder.FullName));

            Assert.Contains(T5Model.DecoderWithPastFileName, e.Message);
            Assert.Contains("past_key_values", e.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static double MaxDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        return worst;
    }
}
