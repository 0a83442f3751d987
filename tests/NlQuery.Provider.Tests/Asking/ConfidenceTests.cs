namespace NlQuery.Tests.Asking;

/// <summary>
/// <see cref="Answer.Confidence"/>: the documented combination of beam scores, agreement, the verdicts on better-ranked
/// candidates and literal values the database does not hold; <see cref="AskOptions.UncertainBelow"/> marks low ones.
/// </summary>
public sealed class ConfidenceTests : IDisposable
{
    private readonly ShopDatabase _shop = new();

    public void Dispose() => _shop.Dispose();

    private async Task<Answer> Ask(AskOptions? options, params string[] candidates)
    {
        await using var connection = _shop.Open();
        return await new NlQueryEngine(new ScriptedTranslator(candidates)).AskAsync(connection, "how many?", options);
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
