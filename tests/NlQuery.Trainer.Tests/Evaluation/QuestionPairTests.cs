using NlQuery.Training.Evaluation;

namespace NlQuery.Tests.Evaluation;

public sealed class QuestionPairTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nlq-pairs-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void ReadsPairsAndFiltersBySplit()
    {
        File.WriteAllText(_path, """
            {"question": "How many patients?", "sql": "SELECT count(*) FROM patient", "split": "heldout", "template": "count"}

            {"question": "List doctors", "sql": "SELECT name FROM doctor", "split": "feedback"}
            {"question": "No split", "sql": "SELECT 1"}
            """);
        Assert.Equal(3, QuestionPair.ReadJsonl(_path).Count);
        Assert.Equal([new QuestionPair("How many patients?", "SELECT count(*) FROM patient")], QuestionPair.ReadJsonl(_path, "heldout"));
    }

    [Fact]
    public void ABadLineNamesItsNumber()
    {
        File.WriteAllText(_path, "{\"question\": \"q\", \"sql\": \"SELECT 1\"}\n{\"question\": \"q\"}\n");
        var error = Assert.Throws<InvalidDataException>(() => QuestionPair.ReadJsonl(_path));
        Assert.Equal($"{_path}:2: \"sql\" is missing or not a non-empty string.", error.Message);
        File.WriteAllText(_path, "not json\n");
        Assert.StartsWith($"{_path}:1: not valid JSON", Assert.Throws<InvalidDataException>(() => QuestionPair.ReadJsonl(_path)).Message);
    }
}
