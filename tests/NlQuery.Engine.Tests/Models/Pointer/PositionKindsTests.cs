using NlQuery.Models.Pointer;
using NlQuery.Schema;

namespace NlQuery.Tests.Models.Pointer;

public sealed class PositionKindsTests
{
    [Theory]
    [InlineData("", 4)]
    [InlineData("TEXT", 0)]
    [InlineData("varchar(255)", 0)]
    [InlineData("nvarchar", 0)]
    [InlineData("CLOB", 0)]
    [InlineData("INTEGER", 1)]
    [InlineData("bigint", 1)]
    [InlineData("REAL", 1)]
    [InlineData("float", 1)]
    [InlineData("double precision", 1)]
    [InlineData("NUMERIC(10,2)", 1)]
    [InlineData("decimal", 1)]
    [InlineData("money", 1)]
    [InlineData("serial", 1)]
    [InlineData("DATE", 2)]
    [InlineData("datetime", 2)]
    [InlineData("timestamp", 2)]
    [InlineData("year", 2)]
    [InlineData("boolean", 3)]
    [InlineData("bit", 3)]
    [InlineData("blob", 4)]
    [InlineData("uuid", 4)]
    public void TypeCategoryFollowsAffinity(string declared, int expected) =>
        Assert.Equal(expected, PositionKinds.TypeCategory(declared));

    [Fact]
    public void ColumnKindsCoverThreeToTwentyTwo()
    {
        Assert.Equal(23, PositionKinds.Count);
        var kinds = new HashSet<int>();
        foreach (var type in new[] { "text", "int", "date", "bool", "blob" })
        {
            foreach (var pk in new[] { false, true })
            {
                foreach (var fk in new[] { false, true })
                {
                    var column = new Column("c", type, pk);
                    _ = new Table("t", [column]);
                    var kind = PositionKinds.Column(column, fk);
                    Assert.Equal(3 + 4 * PositionKinds.TypeCategory(type) + (pk ? 2 : 0) + (fk ? 1 : 0), kind);
                    kinds.Add(kind);
                }
            }
        }
        Assert.Equal(Enumerable.Range(3, 20), kinds.Order());
        Assert.DoesNotContain(PositionKinds.QuestionWord, kinds);
        Assert.DoesNotContain(PositionKinds.Table, kinds);
        Assert.DoesNotContain(PositionKinds.Value, kinds);
    }
}
