using NlQuery.Generation;

namespace NlQuery.Tests.Generation;

public sealed class CacheRowGatherTests
{
    /// <summary>What the decoder did before reordering in place: a new tensor whose row i is old row parents[i].</summary>
    private static float[] Gathered(float[] data, int rowSize, int[] parents)
    {
        var result = new float[parents.Length * rowSize];
        for (var i = 0; i < parents.Length; i++)
            data.AsSpan(parents[i] * rowSize, rowSize).CopyTo(result.AsSpan(i * rowSize, rowSize));
        return result;
    }

    private static float[] Rows(int rows, int rowSize) =>
        Enumerable.Range(0, rows * rowSize).Select(v => (float)v).ToArray();

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 })]        // identity: nothing moves
    [InlineData(new[] { 1, 2, 3, 0 })]        // one cycle through every row
    [InlineData(new[] { 1, 0, 3, 2 })]        // two swaps
    [InlineData(new[] { 0, 0, 0, 0 })]        // one parent for all
    [InlineData(new[] { 2, 0, 0, 1 })]        // a chain and a duplicate
    [InlineData(new[] { 1, 2, 0, 2 })]        // a cycle with a reader hanging off it
    [InlineData(new[] { 3, 3, 1, 0 })]
    public void EqualsAGatherIntoANewTensor(int[] parents)
    {
        const int rowSize = 5;
        var data = Rows(parents.Length, rowSize);
        var expected = Gathered(data, rowSize, parents);

        CacheRowGather.InPlace(data, rowSize, parents);

        Assert.Equal(expected, data);
    }

    [Fact]
    public void EqualsAGatherOnRandomParentsOfEveryWidth()
    {
        var random = new Random(20261122);
        for (var round = 0; round < 2000; round++)
        {
            var rows = random.Next(1, 12);
            var rowSize = random.Next(0, 9);
            var parents = new int[rows];
            var kind = round % 3;
            for (var i = 0; i < rows; i++)
                parents[i] = kind == 0 ? random.Next(rows) : i;
            if (kind == 1)
                random.Shuffle(parents);   // a permutation: cycles only
            else if (kind == 2)
            {
                random.Shuffle(parents);
                parents[random.Next(rows)] = random.Next(rows);   // a permutation with one duplicate
            }
            var data = Enumerable.Range(0, rows * rowSize).Select(_ => random.NextSingle()).ToArray();
            var expected = Gathered(data, rowSize, parents);

            CacheRowGather.InPlace(data, rowSize, parents);

            Assert.True(expected.AsSpan().SequenceEqual(data), $"parents [{string.Join(", ", parents)}], row size {rowSize}");
        }
    }

    [Fact]
    public void AParentOutsideTheRowsIsRejectedByName()
    {
        var data = Rows(2, 3);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CacheRowGather.InPlace(data, 3, [0, 2]));

        Assert.Equal("parents", e.ParamName);
        Assert.Contains("one of the 2 rows", e.Message);
    }

    [Fact]
    public void DataThatIsNotWholeRowsIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CacheRowGather.InPlace(new float[7], 3, [0, 1]));

        Assert.Contains("7 elements are not 2 rows of 3", e.Message);
    }
}
