using NlQuery.Linking;

namespace NlQuery.Tests.Linking;

public sealed class ValueMatcherTests
{
    private static readonly ValueMatcher Matcher = ValueMatcher.Default;

    private static string[] Matched(string question, params string[] values) =>
        Matcher.FindMatches(question, values).Select(m => m.Value).ToArray();

    private static string[] Selected(string question, string table, string column, params string[] values) =>
        Matcher.SelectValues(question, new ColumnValues(table, column, values)).Select(m => m.Value).ToArray();

    [Fact]
    public void AWordOfTheQuestionMatchesAValueExactly()
    {
        var match = Assert.Single(Matcher.FindMatches("Which students have a dog?", ["cat", "dog", "bird"]));
        Assert.Equal(new ValueMatch("dog", "dog", "dog", 1.0, 3), match);
    }

    [Fact]
    public void MatchingIgnoresCaseAndKeepsTheStoredValue()
    {
        Assert.Equal(["France"], Matched("singers from FRANCE", "France"));
        Assert.Equal([" APG"], Matched("flights from APG", " APG")); // a leading space is stored and shown
        // Quirk: positions found in the stripped value are applied to the stored one, so with two leading spaces the
        // matched part becomes "  A", that is "a", a stop word.
        Assert.Empty(Matched("flights from APG", "  APG"));
    }

    [Fact]
    public void APartInsideAWordDoesNotMatch() => Assert.Empty(Matched("list the bobcats", "cat"));

    [Fact]
    public void NumbersAndIdNeverMatch()
    {
        Assert.Empty(Matched("films from 2010", "2010"));
        Assert.Empty(Matched("more than 1,000 votes", "1,000"));
        Assert.Empty(Matched("with id 5", "id"));
        Assert.Empty(Matched("the nan values", "nan")); // float("nan") parses
    }

    [Fact]
    public void StopWordsNeverMatch()
    {
        Assert.Empty(Matched("what is the name", "the"));
        Assert.Empty(Matched("who are you", "You"));
        Assert.Equal(["Them Crooked Vultures"], Matched("songs by them crooked vultures", "Them Crooked Vultures"));
    }

    [Fact]
    public void CommonWordsMatchOnlyExactly()
    {
        Assert.Equal(["no"], Matched("players with no goals", "no"));
        Assert.Equal(["Yes"], Matched("answered yes", "Yes"));
        // "manyx" would score 8/9 against "many"; a common word needs 1.
        Assert.Empty(Matched("how many rooms", "manyx"));
        Assert.Equal(["manyo"], Matched("the manyo rooms", "manyo")); // "manyo" is not a common word
    }

    [Fact]
    public void FuzzyMatchesNeedTheThreshold()
    {
        // ratio("abilenes", "abilene") = 14/15 ≥ 0.85; ratio("abileneeee", "abilene") = 14/17 < 0.85.
        var match = Assert.Single(Matcher.FindMatches("flights to Abilene", ["Abilenes", "Abileneeee"]));
        Assert.Equal("Abilenes", match.Value);
        Assert.Equal(14 / 15.0, match.Score, 12);
        // Exactly 0.85 (34/40) is kept; 34/41 is not.
        Assert.Equal(["abcdefghijklmnopqrstuvw"], Matched("x abcdefghijklmnopq y", "abcdefghijklmnopqrstuvw", "abcdefghijklmnopqrstuvwx"));
    }

    [Fact]
    public void TheThresholdIsConfigurable()
    {
        var loose = new ValueMatcher(new ValueMatcherOptions { Threshold = 0.8 });
        Assert.Equal(["Abileneeee"], loose.FindMatches("flights to Abilene", ["Abileneeee"]).Select(m => m.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValueMatcher(new ValueMatcherOptions { Threshold = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValueMatcher(new ValueMatcherOptions { MaxValuesPerColumn = -1 }));
    }

    [Fact]
    public void TheValueAndTheQuestionWordMustStartAlike()
    {
        // "tree" is shared and "xtree" vs "tree" would score 8/9, but the first letters differ.
        Assert.Empty(Matched("the tree house", "xtree"));
    }

    [Fact]
    public void UpperCaseValuesMatchOnlyExactly()
    {
        Assert.Equal(["APG"], Matched("airport apg", "APG"));
        Assert.Empty(Matched("airport apgx", "APGXY")); // 8/9 would pass for a mixed-case value
        Assert.Equal(["Apgxy"], Matched("airport apgx", "Apgxy"));
    }

    [Fact]
    public void ValuesSharingAMatchedPartKeepOneEntryTheLaterValueInTheEarlierPlace()
    {
        // "Paris" and "Parisx" both match through the part "Paris": one entry remains, holding the later value, which
        // then ranks below the exact "Rome" (ratio 10/11).
        var matches = Matcher.FindMatches("hotels in paris or rome", ["Paris", "Rome", "Parisx"]);
        Assert.Equal(["Rome", "Parisx"], matches.Select(m => m.Value));
        Assert.Equal(["Paris", "Rome"], Matched("hotels in paris or rome", "Parisx", "Rome", "Paris"));
    }

    [Fact]
    public void RankingIsByScoreThenSizeWithStableTies()
    {
        var matches = Matcher.FindMatches("from rome or madrid or oslo", ["Oslo", "Romex", "Madrid"]);
        // Madrid: score 1, size 6. Oslo: score 1, size 4. Romex: 8/9.
        Assert.Equal(["Madrid", "Oslo", "Romex"], matches.Select(m => m.Value));
        // Equal keys keep read order.
        Assert.Equal(["Oslo", "Rome"], Matched("oslo or rome", "Oslo", "Rome"));
        Assert.Equal(["Rome", "Oslo"], Matched("oslo or rome", "Rome", "Oslo"));
    }

    [Fact]
    public void RankKeyCanTieSizesThatDifferByOne()
    {
        // Near 1e16 a double steps by 2: a size of 4 and one of 5 can give the same key.
        var a = new ValueMatch("a", "a", "a", 1.0, 4);
        var b = new ValueMatch("b", "b", "b", 1.0, 5);
        Assert.Equal(a.RankKey, b.RankKey);
    }

    [Fact]
    public void AtMostTwoValuesPerColumnByDefault()
    {
        Assert.Equal(["Oslo", "Rome"], Selected("oslo, rome or bern", "city", "town", "Oslo", "Rome", "Bern"));
        var three = new ValueMatcher(new ValueMatcherOptions { MaxValuesPerColumn = 3 });
        Assert.Equal(3, three.SelectValues("oslo, rome or bern", new ColumnValues("city", "town", ["Oslo", "Rome", "Bern"])).Count);
    }

    [Fact]
    public void NameColumnsListOnlyExactMatches()
    {
        Assert.Empty(Selected("flights to Abilene", "airports", "city_name", "Abilenes"));
        Assert.Equal(["Abilene"], Selected("flights to Abilene", "airports", "city_name", "Abilene"));
        Assert.Equal(["Abilenes"], Selected("flights to Abilene", "airports", "city", "Abilenes"));
        // PICARD's test is case-sensitive: "Name" is not "name".
        Assert.Equal(["Abilenes"], Selected("flights to Abilene", "airports", "City_Name", "Abilenes"));
    }

    [Fact]
    public void SqliteSequenceNeverListsValues() => Assert.Empty(Selected("the singer table", "sqlite_sequence", "name", "singer"));

    [Fact]
    public void LongValuesAreMatchedWithDifflibsAutojunk()
    {
        // A 200-character value: its popular characters do not seed the match, so nothing reaches the threshold here.
        var value = new string('a', 100) + new string('b', 100);
        Assert.Empty(Matched("aaaa bbbb", value));
    }

    [Theory]
    [InlineData(1, 0.85)]
    [InlineData(2, 0.85)]
    [InlineData(3, 0.6)]
    [InlineData(4, 1.0)]
    public void PrefiltersNeverChangeTheResult(int seed, double threshold)
    {
        // Random texts over a small alphabet with separators, apostrophes, tabs and upper case: many near misses.
        var random = new Random(seed);
        const string alphabet = "aabbcdeeNOs 's,.()\t";
        string Text(int min, int max) => new(Enumerable.Range(0, random.Next(min, max)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        var options = new ValueMatcherOptions { Threshold = threshold };
        var fast = new ValueMatcher(options);
        var exhaustive = new ValueMatcher(options) { UsePrefilters = false };
        var compared = 0;
        for (var round = 0; round < 300; round++)
        {
            var question = random.Next(4) == 0 ? "  " + Text(5, 40) : Text(5, 40);
            // Values cut from the question and then changed a little, so that many come near the threshold.
            string Near()
            {
                var start = random.Next(question.Length);
                var cut = question.Substring(start, random.Next(1, Math.Min(12, question.Length - start) + 1)).ToCharArray();
                for (var edits = random.Next(3); edits > 0; edits--)
                    cut[random.Next(cut.Length)] = alphabet[random.Next(alphabet.Length)];
                return (random.Next(3) == 0 ? Text(0, 2) : "") + new string(cut) + (random.Next(3) == 0 ? Text(0, 2) : "");
            }
            var values = Enumerable.Range(0, 40).Select(_ => random.Next(4) == 0 ? Text(1, 12) : Near()).Distinct().ToList();
            var expected = exhaustive.FindMatches(question, values);
            Assert.Equal(expected, fast.FindMatches(question, values));
            compared += expected.Count;
        }
        Assert.True(compared > 100, $"only {compared} matches: the test would prove little");
    }
}
