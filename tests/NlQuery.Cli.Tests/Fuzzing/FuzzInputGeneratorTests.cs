using NlQuery.Cli.Fuzzing;
using NlQuery.Sql;

namespace NlQuery.Cli.Tests.Fuzzing;

public sealed class FuzzInputGeneratorTests
{
    [Fact]
    public void TheSameSeedGivesTheSameInputs()
    {
        var a = new FuzzInputGenerator(BuiltInFuzzSeeds.Seeds, new Random(7));
        var b = new FuzzInputGenerator(BuiltInFuzzSeeds.Seeds, new Random(7));
        for (var i = 0; i < 2_000; i++)
        {
            var x = a.Next();
            var y = b.Next();
            Assert.Equal(x.Text, y.Text);
            Assert.Equal(x.Mode, y.Mode);
            Assert.Same(x.Dialect, y.Dialect);
        }
    }

    [Fact]
    public void MakesEveryKindOfInputInEveryModeAndDialect()
    {
        var generator = new FuzzInputGenerator(BuiltInFuzzSeeds.Seeds, new Random(11));
        var inputs = Enumerable.Range(0, 5_000).Select(_ => generator.Next()).ToList();
        Assert.Equal(["char-mutation", "char-soup", "nesting", "seed", "splice", "token-mutation", "token-soup", "truncation"],
            inputs.Select(i => i.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(3, inputs.Select(i => i.Mode).Distinct().Count());
        Assert.Equal(SqlDialect.All.Count, inputs.Select(i => i.Dialect).Distinct().Count());
        // Mutations change their seed: most mutated inputs differ from every seed query.
        var seeds = BuiltInFuzzSeeds.Queries.ToHashSet();
        var mutated = inputs.Where(i => i.Kind == "token-mutation").ToList();
        Assert.True(mutated.Count(i => !seeds.Contains(i.Text)) > mutated.Count * 9 / 10);
    }
}
