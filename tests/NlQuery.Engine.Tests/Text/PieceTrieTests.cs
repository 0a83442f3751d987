using System.Text;
using NlQuery.Text;

namespace NlQuery.Tests.Text;

public sealed class PieceTrieTests
{
    private static readonly PieceTrie Trie = new(
        new[] { "a", "ab", "abc", "b", "\u2581the", "\u2581th", "\u00e9" }.Select((key, i) => (Encoding.UTF8.GetBytes(key), i * 10)));

    [Theory]
    [InlineData("abcd", 3, 20)]
    [InlineData("abx", 2, 10)]
    [InlineData("b", 1, 30)]
    [InlineData("\u2581them", 6, 40)]
    [InlineData("\u00e9t\u00e9", 2, 60)]
    [InlineData("xyz", 0, -1)]
    [InlineData("", 0, -1)]
    public void FindsTheLongestKeyThatPrefixesTheInput(string input, int length, int value)
    {
        Assert.Equal(length, Trie.LongestPrefix(Encoding.UTF8.GetBytes(input), out var found));
        Assert.Equal(value, found);
    }

    [Fact]
    public void WalksOneByteAtATime()
    {
        var node = Trie.Step(0, (byte)'a');
        Assert.Equal(0, Trie.ValueAt(node));
        node = Trie.Step(node, (byte)'b');
        Assert.Equal(10, Trie.ValueAt(node));
        Assert.Equal(PieceTrie.NoNode, Trie.Step(node, (byte)'z'));
        // An inner node that is no key has no value.
        Assert.Equal(-1, Trie.ValueAt(Trie.Step(0, 0xE2)));
    }

    [Fact]
    public void FindsExactKeysOnly()
    {
        Assert.Equal(50, Trie.Find(Encoding.UTF8.GetBytes("\u2581th")));
        Assert.Equal(-1, Trie.Find(Encoding.UTF8.GetBytes("\u2581t")));
        Assert.Equal(-1, Trie.Find([]));
    }

    [Fact]
    public void NodesWithManyChildrenAreSearchedToo()
    {
        var keys = Enumerable.Range(0, 200).Select(i => new[] { (byte)'x', (byte)(i + 20) }).ToList();
        var trie = new PieceTrie(keys.Select((k, i) => (k, i)));
        for (var i = 0; i < keys.Count; i++)
            Assert.Equal(i, trie.Find(keys[i]));
        Assert.Equal(-1, trie.Find([(byte)'x', 10]));
    }
}
