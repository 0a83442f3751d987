using System.Text.Json;
using System.Text.Json.Nodes;
using NlQuery.Models.Pointer;
using NlQuery.Translation;

namespace NlQuery.Tests.Models.Pointer;

/// <summary>
/// The tiny-pointer fixture (tests/fixtures/tiny-pointer, README there): ONNX Runtime in C# must reproduce PyTorch's
/// linker and decoder outputs on the golden features, and its greedy sequences.
/// </summary>
public sealed class PointerSqlModelTests : IClassFixture<PointerSqlModelTests.Fixture>
{
    public static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-pointer");

    private readonly Fixture _fixture;

    public PointerSqlModelTests(Fixture fixture) => _fixture = fixture;

    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Model = (PointerSqlModel)ModelLoader.Load(Folder);
            Golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden.json")));
        }

        public PointerSqlModel Model { get; }

        public JsonDocument Golden { get; }

        public void Dispose()
        {
            Model.Dispose();
            Golden.Dispose();
        }
    }

    public static TheoryData<int> Cases() => [0, 1];

    private JsonElement Case(int index) => _fixture.Golden.RootElement.GetProperty("cases")[index];

    private double Tolerance => _fixture.Golden.RootElement.GetProperty("tolerance").GetDouble();

    private static float[] Floats(JsonElement tensor) => tensor.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static long[] Flat(JsonElement nested) =>
        nested.ValueKind == JsonValueKind.Array ? nested.EnumerateArray().SelectMany(Flat).ToArray() : [nested.GetInt64()];

    private PointerEncoderOutput Encode(JsonElement golden)
    {
        var n = golden.GetProperty("n").GetInt32();
        return _fixture.Model.Encode(Floats(golden.GetProperty("features")), Flat(golden.GetProperty("kinds")), Flat(golden.GetProperty("relations")), n);
    }

    private void AssertClose(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= Tolerance, $"{what}: max |difference| {worst:g3} > {Tolerance}");
    }

    [Fact]
    public void LoadsAsThePointerFamily()
    {
        var model = _fixture.Model;
        Assert.Equal(PointerModelInfo.Format, model.Format);
        Assert.Equal("sqlite", model.Dialect.Name);
        Assert.Equal((20, 2, 32), (model.Info.Vocabulary.Count, model.Info.Layers, model.Info.Hidden));
        Assert.Equal(EncoderFiles.MiniLmPackage, model.Info.Encoder);
        Assert.Equal(16, model.Info.MaxActions); // model.json says 9: raised to the minimum of 16
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LinkerOutputsMatchPyTorch(int index)
    {
        var golden = Case(index);
        using var encoded = Encode(golden);
        Assert.Equal(golden.GetProperty("n").GetInt32(), encoded.Positions);
        AssertClose(Floats(golden.GetProperty("memory")), encoded.Memory.GetTensorDataAsSpan<float>(), "memory");
        AssertClose(Floats(golden.GetProperty("pointer_keys")), encoded.PointerKeys.GetTensorDataAsSpan<float>(), "pointer_keys");
        AssertClose(Floats(golden.GetProperty("action_memory")), encoded.ActionMemory.GetTensorDataAsSpan<float>(), "action_memory");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecoderStepsMatchPyTorch(int index)
    {
        var golden = Case(index);
        using var encoded = Encode(golden);
        using var decoder = _fixture.Model.CreateDecoder(encoded);
        Assert.Equal(20 + golden.GetProperty("n").GetInt32(), decoder.VocabularySize);
        var first = true;
        foreach (var step in golden.GetProperty("steps").EnumerateArray())
        {
            var tokens = step.GetProperty("action").EnumerateArray().Select(a => a.GetInt64()).ToArray();
            // Both beams start from the zero state (parent 0 of the single initial row), then keep their own rows.
            int[] parents = first ? [0, 0] : [0, 1];
            first = false;
            var logits = decoder.Step(parents, tokens, CancellationToken.None);
            AssertClose(Floats(step.GetProperty("logits")), logits, "logits");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GreedyDecodingMatchesPyTorch(int index)
    {
        var golden = Case(index);
        var expected = golden.GetProperty("greedy").EnumerateArray().Select(a => a.GetInt32()).ToList();
        var maxSteps = golden.GetProperty("greedy_max_steps").GetInt32();
        using var encoded = Encode(golden);
        using var decoder = _fixture.Model.CreateDecoder(encoded);
        var sequence = new List<int>();
        long previous = ActionVocabulary.Start;
        while (sequence.Count < maxSteps)
        {
            var logits = decoder.Step([0], [previous], CancellationToken.None);
            var best = 0;
            for (var a = 1; a < logits.Length; a++)
            {
                if (logits[a] > logits[best])
                    best = a;
            }
            sequence.Add(best);
            if (best == ActionVocabulary.End)
                break;
            previous = best;
        }
        Assert.Equal(expected, sequence);
        // The fixture was trained to reproduce its targets: greedy takes one of each step's acceptable actions.
        var target = golden.GetProperty("target").EnumerateArray().Select(s => s.EnumerateArray().Select(a => a.GetInt32()).ToList()).ToList();
        Assert.Equal(target.Count, sequence.Count);
        Assert.All(sequence.Zip(target), pair => Assert.Contains(pair.First, pair.Second));
    }

    [Fact]
    public void AMissingLinkerIsNamed()
    {
        var copy = CopyFixture();
        try
        {
            File.Delete(Path.Combine(copy, "linker.onnx"));
            var e = Assert.Throws<FileNotFoundException>(() => ModelLoader.Load(copy));
            Assert.Equal(Path.Combine(Path.GetFullPath(copy), "linker.onnx"), e.FileName);
            Assert.Contains("linker.onnx", e.Message);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void AModelJsonWithoutVocabularyIsInvalid()
    {
        var copy = CopyFixture();
        try
        {
            var path = Path.Combine(copy, "model.json");
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            json.Remove("vocab");
            File.WriteAllText(path, json.ToJsonString());
            var e = Assert.Throws<InvalidDataException>(() => ModelLoader.Load(copy));
            Assert.Contains("vocab", e.Message);
            Assert.Contains("model.json", e.Message);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void AFineTunedEncoderFileMustExist()
    {
        var copy = CopyFixture();
        try
        {
            var path = Path.Combine(copy, "model.json");
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            json["encoder"] = "encoder.onnx";
            File.WriteAllText(path, json.ToJsonString());
            var e = Assert.Throws<FileNotFoundException>(() => ModelLoader.Load(copy));
            Assert.EndsWith("encoder.onnx", e.FileName);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    internal static string CopyFixture()
    {
        var copy = Path.Combine(Path.GetTempPath(), "nlq-pointer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Folder))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }
}
