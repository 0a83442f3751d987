using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class HeldOutSplitTests
{
    private static readonly string[] Databases = Enumerable.Range(0, 40).Select(i => $"db_{i}").ToArray();

    [Fact]
    public void SameSeedSameChoiceWhateverTheOrder()
    {
        var a = HeldOutSplit.ChooseDatabases(Databases, 0.1, seed: 3);
        var b = HeldOutSplit.ChooseDatabases(Databases.Reverse().Concat(Databases), 0.1, seed: 3);
        Assert.Equal(4, a.Count);
        Assert.Equal(a.Order(), b.Order());
    }

    [Fact]
    public void AnotherSeedChoosesOtherDatabases()
    {
        var a = HeldOutSplit.ChooseDatabases(Databases, 0.25, seed: 1);
        var b = HeldOutSplit.ChooseDatabases(Databases, 0.25, seed: 2);
        Assert.NotEqual(a.Order(), b.Order());
    }

    [Fact]
    public void SmallFractionsHoldOutOneAndZeroHoldsOutNone()
    {
        Assert.Single(HeldOutSplit.ChooseDatabases(["a", "b", "c"], 0.01, seed: 1));
        Assert.Empty(HeldOutSplit.ChooseDatabases(["a"], 0.01, seed: 1));
        Assert.Empty(HeldOutSplit.ChooseDatabases(Databases, 0, seed: 1));
    }

    [Fact]
    public void AFractionOutOfRangeIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HeldOutSplit.ChooseDatabases(Databases, 1, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HeldOutSplit.ChooseDatabases(Databases, -0.1, seed: 1));
    }
}
