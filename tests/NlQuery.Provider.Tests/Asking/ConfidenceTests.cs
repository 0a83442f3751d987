using NlQuery.Translation;

namespace NlQuery.Tests.Asking;

/// <summary>
/// <see cref="Answer.Confidence"/>: the model's calibration of beam scores, agreement and literal values the database
/// does not hold (the documented fixed formula without one), times the factor for rejected better-ranked candidates;
/// <see cref="AskOptions.UncertainBelow"/> marks low ones.
/// </summary>
public sealed class ConfidenceTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    private Task<Answer> Ask(AskOptions? options, params string[] candidates) => Ask(new ScriptedTranslator(candidates), options);

    private async Task<Answer> Ask(ScriptedTranslator translator, AskOptions? options = null)
    {
        await using var connection = _shop.Open();
        return await new NlQueryEngine(translator).AskAsync(connection, "how many?", options);
    }

    [Fact]
    public async Task TheModelsCalibrationMapsTheFeaturesToTheConfidence()
    {
        // Only the agreement and the missing literal count here: logit = 1 + 2·agreement − 3·missing_literal.
        var calibration = new ConfidenceCalibration(1, [2, 0, 0, -3, 0, 0]);
        var rome = await Ask(new ScriptedTranslator("SELECT count(*) FROM customers WHERE city = 'Rome'") { Calibration = calibration });
        var jeans = await Ask(new ScriptedTranslator("SELECT nope FROM customers", "SELECT count(*) FROM products WHERE name = 'red jeans'")
        {
            Calibration = calibration,
        });

        Assert.Equal(1 / (1 + Math.Exp(-3)), rome.Confidence, 6);
        var share = Math.Exp(-0.2) / (Math.Exp(-0.1) + Math.Exp(-0.2));
        Assert.Equal(1 / (1 + Math.Exp(-(1 + 2 * share - 3))) * 0.75, jeans.Confidence, 6);
    }

    [Fact]
    public void FeaturesDescribeTheAnswerAmongItsCandidates()
    {
        string[] sqls = ["SELECT a FROM t JOIN u ON t.id = u.id", "SELECT b FROM t", "SELECT a FROM t JOIN u ON t.id = u.id"];
        var features = AnswerConfidence.Features([-0.5, -1.0, -2.0], sqls, 0, values: null);

        var weights = new[] { 1, Math.Exp(-0.5), Math.Exp(-1.5) };
        Assert.Equal((weights[0] + weights[2]) / weights.Sum(), features.Agreement, 9);
        Assert.Equal(-0.5, features.Score);
        Assert.Equal(0.5, features.Margin, 9);
        Assert.Equal(0, features.MissingLiteral);
        Assert.Equal(1, features.Joins);
        Assert.Equal(1.0, features.Words, 9);
        Assert.Throws<ArgumentException>(() => AnswerConfidence.Features([-0.5], sqls, 0, null));
    }

    [Fact]
    public async Task ALoneFluentCandidateIsConfident()
    {
        var answer = await Ask(null, "SELECT count(*) FROM customers WHERE city = 'Rome'");

        // One candidate: agreement 1; fluency exp(-0.1).
        Assert.Equal(Math.Sqrt(Math.Exp(-0.1)), answer.Confidence, 6);
        Assert.False(answer.IsUncertain);
    }

    [Fact]
    public async Task DisagreeingBeamsLowerItAndAgreeingOnesDoNot()
    {
        var disagree = await Ask(null, "SELECT count(*) FROM customers", "SELECT count(*) FROM orders");
        // Beams that differ only in a value disagree too: the value is what the model is unsure of.
        var onValues = await Ask(null, "SELECT count(*) FROM customers WHERE city = 'Rome'", "SELECT count(*) FROM customers WHERE city = 'Paris'");
        var agree = await Ask(null, "SELECT count(*) FROM customers", "SELECT count(*) FROM customers");

        var share = Math.Exp(-0.1) / (Math.Exp(-0.1) + Math.Exp(-0.2));
        Assert.Equal(Math.Sqrt(share * Math.Exp(-0.1)), disagree.Confidence, 6);
        Assert.Equal(disagree.Confidence, onValues.Confidence, 6);
        Assert.Equal(Math.Sqrt(Math.Exp(-0.1)), agree.Confidence, 6);
    }

    [Fact]
    public async Task RejectedBetterCandidatesAndMissingValuesLowerIt()
    {
        var afterRejection = await Ask(null, "SELECT nope FROM customers", "SELECT count(*) FROM customers");
        var missingValue = await Ask(null, "SELECT count(*) FROM products WHERE name = 'red jeans'");

        var share = Math.Exp(-0.2) / (Math.Exp(-0.1) + Math.Exp(-0.2));
        Assert.Equal(Math.Sqrt(share * Math.Exp(-0.2)) * 0.75, afterRejection.Confidence, 6);
        Assert.Equal(Math.Sqrt(Math.Exp(-0.1)) * 0.25, missingValue.Confidence, 6);
        Assert.True(missingValue.IsUncertain);
    }

    [Fact]
    public async Task TheThresholdDecidesWhatIsUncertain()
    {
        var strict = await Ask(new AskOptions { UncertainBelow = 0.99 }, "SELECT count(*) FROM customers");
        var lax = await Ask(new AskOptions { UncertainBelow = 0 }, "SELECT count(*) FROM products WHERE name = 'red jeans'");

        Assert.True(strict.IsUncertain);
        Assert.False(lax.IsUncertain);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AskOptions { UncertainBelow = 1.5 });
    }
}
