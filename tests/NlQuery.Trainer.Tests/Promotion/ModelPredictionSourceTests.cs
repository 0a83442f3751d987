using NlQuery.Training.Promotion;

namespace NlQuery.Tests.Promotion;

public sealed class ModelPredictionSourceTests
{
    [Theory]
    [InlineData("concert_singer | select count(*) from singer", "select count(*) from singer")]
    [InlineData("select name from singer", "select name from singer")]
    [InlineData("db | select a from t where b = 'x | y'", "select a from t where b = 'x | y'")]
    [InlineData("", "")]
    public void StripsTheDatabaseIdPrefix(string output, string sql) => Assert.Equal(sql, ModelPredictionSource.StripDatabaseId(output));

    [Fact]
    public void AFolderWithoutTokenizerIsAClearError()
    {
        var directory = Directory.CreateTempSubdirectory("nlq-model-").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => new ModelPredictionSource(directory, []));
            Assert.Contains("spiece.model", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
