using NlQuery.Cli.Fuzzing;

namespace NlQuery.Cli.Tests.Fuzzing;

public sealed class FuzzTokenizerTests
{
    [Fact]
    public void SplitsWordsNumbersQuotedRunsAndOperators()
    {
        Assert.Equal(["SELECT", "T1", ".", "name", ",", "count", "(", "*", ")", "FROM", "\"a b\"", "WHERE", "x", ">=", "3.5", "AND", "y", "=", "'it'"],
            FuzzTokenizer.Split("SELECT T1.name , count(*) FROM \"a b\" WHERE x>=3.5 AND y = 'it'"));
    }

    [Fact]
    public void KeepsAnUnterminatedQuoteAsOneToken() =>
        Assert.Equal(["SELECT", "'abc"], FuzzTokenizer.Split("SELECT 'abc"));
}
