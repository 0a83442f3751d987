using System.Text.Json;
using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class TokenEstimateTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("singer", 2)]            // 6 letters: one token per started five
    [InlineData("name", 1)]
    [InlineData("| singer :", 6)]        // a symbol starting a word costs its word-start marker too
    [InlineData("2009", 2)]
    [InlineData("singer_id", 4)]
    public void CountsLettersDigitsAndSymbols(string text, int expected) => Assert.Equal(expected, TokenEstimate.Count(text));

    [Fact]
    public void NullIsRejected() => Assert.Throws<ArgumentNullException>(() => TokenEstimate.Count(null!));

    /// <summary>The estimate stays within 10 % of the real T5 count on serialised schemas (it was fitted to over-count slightly).</summary>
    [SharedDataFact]
    public void StaysCloseToTheRealTokenizerOnSerialisedSchemas()
    {
        var path = SharedData.Combine("models", "t5-spiece", "reference.jsonl");
        double estimated = 0, actual = 0;
        foreach (var line in File.ReadLines(path))
        {
            using var row = JsonDocument.Parse(line);
            var text = row.RootElement.GetProperty("text").GetString()!;
            if (!text.Contains(" | ", StringComparison.Ordinal) || !text.All(char.IsAscii))
                continue;
            estimated += TokenEstimate.Count(text);
            actual += row.RootElement.GetProperty("ids").GetArrayLength();
        }
        Assert.True(actual > 1000, "expected serialised schemas in the reference file");
        Assert.InRange(estimated / actual, 1.0, 1.10);
    }
}
