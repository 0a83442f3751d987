using NlQuery.Execution;
using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class ExecutionMatchTests
{
    private static ResultTable Table(params object?[][] rows) =>
        new(Enumerable.Range(0, rows.Length == 0 ? 1 : rows[0].Length).Select(i => "c" + i).ToList(), rows, false);

    [Fact]
    public void UnorderedComparisonIsAMultiset()
    {
        var gold = Table([1L, "a"], [2L, "b"], [2L, "b"]);
        Assert.True(ExecutionMatch.Equal(gold, Table([2L, "b"], [1L, "a"], [2L, "b"]), ordered: false));
        Assert.False(ExecutionMatch.Equal(gold, Table([2L, "b"], [1L, "a"], [1L, "a"]), ordered: false));
        Assert.False(ExecutionMatch.Equal(gold, Table([1L, "a"], [2L, "b"]), ordered: false));
    }

    [Fact]
    public void OrderMattersOnlyWhenAsked()
    {
        var gold = Table([1L], [2L]);
        Assert.False(ExecutionMatch.Equal(gold, Table([2L], [1L]), ordered: true));
        Assert.True(ExecutionMatch.Equal(gold, Table([1L], [2L]), ordered: true));
    }

    [Fact]
    public void ColumnsMayComeInAnotherOrderButMustAllMatch()
    {
        var gold = Table([1L, "x"], [2L, "y"]);
        Assert.True(ExecutionMatch.Equal(gold, Table(["x", 1L], ["y", 2L]), ordered: true));
        Assert.False(ExecutionMatch.Equal(gold, Table(["y", 1L], ["x", 2L]), ordered: true));
        Assert.False(ExecutionMatch.Equal(gold, Table([1L], [2L]), ordered: false));
    }

    [Fact]
    public void NumbersCompareByValueAndNullsMatchNulls()
    {
        Assert.True(ExecutionMatch.Equal(Table([1L, null]), Table([1.0, null]), ordered: false));
        Assert.False(ExecutionMatch.Equal(Table([1L, null]), Table([1.5, null]), ordered: false));
        Assert.False(ExecutionMatch.Equal(Table(new object?[] { null }), Table([""]), ordered: false));
    }

    [Fact]
    public void EmptyResultsWithTheSameWidthMatch()
    {
        Assert.True(ExecutionMatch.Equal(new ResultTable(["a"], [], false), new ResultTable(["b"], [], false), ordered: false));
    }
}
