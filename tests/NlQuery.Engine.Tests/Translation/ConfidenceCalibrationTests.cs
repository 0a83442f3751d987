using System.Text.Json;
using NlQuery.Translation;

namespace NlQuery.Tests.Translation;

/// <summary><see cref="ConfidenceCalibration"/>: the logistic map, and its place in a model folder's model.json.</summary>
public sealed class ConfidenceCalibrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-calibration-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ModelJson => Path.Combine(_folder, "model.json");

    [Fact]
    public void PredictIsTheLogisticOfTheWeightedFeatures()
    {
        var calibration = new ConfidenceCalibration(-1, [2, 0.5, 0, -1, -0.25, 0]);
        var features = new ConfidenceFeatures(Agreement: 0.8, Score: -0.4, Margin: 3, MissingLiteral: 1, Joins: 2, Words: 1.7);

        var logit = -1 + 2 * 0.8 + 0.5 * -0.4 - 1 - 0.25 * 2;
        Assert.Equal(1 / (1 + Math.Exp(-logit)), calibration.Predict(features), 12);
    }

    [Fact]
    public void WritingKeepsEveryOtherFieldAndReadsBackTheSame()
    {
        File.WriteAllText(ModelJson, """{"format": "pointer-minilm", "layers": 2, "vocab": ["<pad>", "select"], "confidence": {"method": "logistic", "intercept": 9, "weights": {}}}""");
        var calibration = new ConfidenceCalibration(-0.75, [1.5, 2.25, 0.125, -1.5, -0.3, 0.05]) { Examples = 972, FittedOn = "Spider dev" };

        calibration.WriteToModelFolder(_folder);
        var read = ConfidenceCalibration.ReadModelFolder(_folder);

        Assert.NotNull(read);
        Assert.Equal(calibration.Intercept, read.Intercept);
        Assert.Equal(calibration.Weights, read.Weights);
        Assert.Equal(972, read.Examples);
        Assert.Equal("Spider dev", read.FittedOn);
        using var json = JsonDocument.Parse(File.ReadAllText(ModelJson));
        Assert.Equal("pointer-minilm", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(["<pad>", "select"], json.RootElement.GetProperty("vocab").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(1.5, json.RootElement.GetProperty("confidence").GetProperty("weights").GetProperty("agreement").GetDouble());
    }

    [Fact]
    public void AnOlderModelJsonHasNoCalibration()
    {
        File.WriteAllText(ModelJson, """{"format": "pointer-minilm", "layers": 2}""");

        Assert.Null(ConfidenceCalibration.ReadModelFolder(_folder));
        Assert.Null(ConfidenceCalibration.ReadModelFolder(Path.Combine(_folder, "nowhere")));
    }

    [Theory]
    [InlineData("""{"confidence": 3}""", "\"confidence\" must be an object")]
    [InlineData("""{"confidence": {"method": "isotonic"}}""", "\"confidence.method\" must be \"logistic\", not \"isotonic\"")]
    [InlineData("""{"confidence": {"method": "logistic", "weights": {}}}""", "\"confidence.intercept\" must be a number")]
    [InlineData("""{"confidence": {"method": "logistic", "intercept": 0, "weights": {"agreement": 1}}}""", "\"confidence.weights.score\" must be a number")]
    [InlineData("""{"confidence": {"method": "logistic", "intercept": 0, "weights": {"beauty": 1}}}""", "unknown features: beauty")]
    public void AMalformedCalibrationIsRefusedSayingWhatIsWrong(string json, string expected)
    {
        File.WriteAllText(ModelJson, json);

        var error = Assert.Throws<InvalidDataException>(() => ConfidenceCalibration.ReadModelFolder(_folder));
        Assert.Contains(expected, error.Message);
        Assert.Contains(ModelJson, error.Message);
    }

    [Fact]
    public void WeightsMustMatchTheFeatures()
    {
        Assert.Throws<ArgumentException>(() => new ConfidenceCalibration(0, [1, 2]));
        Assert.Throws<ArgumentException>(() => new ConfidenceCalibration(double.NaN, [0, 0, 0, 0, 0, 0]));
        Assert.Throws<FileNotFoundException>(() => new ConfidenceCalibration(0, [0, 0, 0, 0, 0, 0]).WriteToModelFolder(_folder));
    }
}
