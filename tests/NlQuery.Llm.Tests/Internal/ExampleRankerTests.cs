using NlQuery.Llm.Internal;
using NlQuery.Translation;

namespace NlQuery.Llm.Tests.Internal;

public sealed class ExampleRankerTests
{
    private static readonly TranslationExample Orders = new("How many orders were shipped?", "SELECT count(*) FROM orders WHERE status = 'shipped'");
    private static readonly TranslationExample Customers = new("List the customers in Paris", "SELECT * FROM customers WHERE city = 'Paris'");
    private static readonly TranslationExample Products = new("Which products cost more than 10?", "SELECT name FROM products WHERE unit_price > 10");

    [Fact]
    public void TheMostSimilarQuestionsComeFirst()
    {
        var picked = ExampleRanker.MostSimilar([Customers, Orders, Products], "How many orders were cancelled?", 2);
        Assert.Equal(Orders, picked[0]);
        Assert.DoesNotContain(Products, picked);
    }

    [Fact]
    public void QuestionsSharingOnlyStopWordsAreNotExamples() =>
        Assert.Empty(ExampleRanker.MostSimilar([Customers], "what is the the of", 3));

    [Fact]
    public void AtMostTheRequestedNumberAndNoneForZero()
    {
        Assert.Single(ExampleRanker.MostSimilar([Customers, Orders, Products], "orders customers products", 1));
        Assert.Empty(ExampleRanker.MostSimilar([Customers, Orders, Products], "orders customers products", 0));
    }
}
