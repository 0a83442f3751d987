using NlQuery.Training.Datasets;

namespace NlQuery.Tests.Datasets;

public sealed class SpiderFormatReaderTests
{
    [SharedDataFact]
    public void ReadsSpiderSplitsWithTheirKnownSizes()
    {
        var dev = SpiderFormatReader.ReadSpiderSplit(SharedData.SpiderDir, "dev");
        var train = SpiderFormatReader.ReadSpiderSplit(SharedData.SpiderDir, "train");
        Assert.Equal(1034, dev.Count);
        Assert.Equal(8659, train.Count);
        Assert.Equal("concert_singer", dev[0].DbId);
        Assert.Equal("SELECT count(*) FROM singer", dev[0].Query);
        Assert.Empty(dev[0].History);
        Assert.Contains(train, e => e.Source == "train_others");
    }

    [SharedDataFact]
    public void ReadsConversationsWithTheirHistory()
    {
        var sparc = SpiderFormatReader.ReadConversations(SharedData.Combine("data", "sparc", "dev.json"));
        var cosql = SpiderFormatReader.ReadConversations(SharedData.Combine("data", "cosql", "sql_state_tracking", "cosql_dev.json"));
        Assert.Equal(1203, sparc.Count);
        Assert.Equal(1007, cosql.Count);
        var second = sparc[1];
        Assert.Equal("flight_2", second.DbId);
        Assert.Equal(1, second.TurnIndex);
        Assert.Equal(["What are all the airlines?"], second.History);
        Assert.Equal(422, sparc.Count(e => e.TurnIndex == 0));
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        var dir = Directory.CreateTempSubdirectory("nlq-ds-").FullName;
        try
        {
            Assert.Throws<DirectoryNotFoundException>(() => SpiderFormatReader.ReadSpiderSplit(Path.Combine(dir, "nope"), "dev"));
            Assert.Contains("no dev.json", Assert.Throws<FileNotFoundException>(() => SpiderFormatReader.ReadSpiderSplit(dir, "dev")).Message);
            Assert.Contains("Unknown split", Assert.Throws<ArgumentException>(() => SpiderFormatReader.ReadSpiderSplit(dir, "test")).Message);
            File.WriteAllText(Path.Combine(dir, "dev.json"), "[{\"db_id\": \"a\", \"question\": \"q\"}]");
            Assert.Contains("entry 0 has no string 'query'", Assert.Throws<InvalidDataException>(() => SpiderFormatReader.ReadSpiderSplit(dir, "dev")).Message);
            File.WriteAllText(Path.Combine(dir, "dev.json"), "[{");
            Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => SpiderFormatReader.ReadSpiderSplit(dir, "dev")).Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
