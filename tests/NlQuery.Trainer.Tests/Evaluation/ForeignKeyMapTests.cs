using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class ForeignKeyMapTests
{
    private static SpiderDatabaseInfo Database(params (int, int)[] keys) =>
        new("x", ["a", "b", "c"], [(-1, "*"), (0, "id"), (1, "id"), (1, "a_id"), (2, "b_id"), (2, "other")], keys);

    [Fact]
    public void ColumnsOfAKeyStandForTheLowestIndex()
    {
        var map = new ForeignKeyMap(Database((3, 1), (4, 2)));
        Assert.Equal(1, map.Map(3));
        Assert.Equal(1, map.Map(1));
        Assert.Equal(2, map.Map(4));
        Assert.Null(map.Map(5));
    }

    [Fact]
    public void AKeyJoinsTheFirstGroupThatHoldsEitherColumnWithoutMerging()
    {
        // (3,1) and (4,2) make two groups; (2,3) joins the first group that has 2 or 3 ({1,3}) and the groups are not
        // merged, so 2 is in both and, as in Spider's dictionary, the later group's mapping wins.
        var map = new ForeignKeyMap(Database((3, 1), (4, 2), (2, 3)));
        Assert.Equal(1, map.Map(3));
        Assert.Equal(2, map.Map(2));
        Assert.Equal(2, map.Map(4));
    }
}
