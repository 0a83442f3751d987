using BenchmarkDotNet.Attributes;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Benchmarks.Linking;

/// <summary>
/// Matching one question against a value index of a large schema: 1,000 tables × 4 text columns × 250 distinct
/// values (1,000,000 values, word-like, English letter frequencies), and the serialisation of that schema.
/// The index is built once (setup); each question is matched in memory.
/// </summary>
[MemoryDiagnoser]
public class ValueMatchingBenchmarks
{
    private const string Letters = "eeeeeeeeeeeetttttttttaaaaaaaaoooooooiiiiiiinnnnnnnssssssrrrrrrhhhhhldddlllcccuuummmwwffggyyppbbvkjxqz";

    private ValueIndex _index = null!;
    private DatabaseSchema _schema = null!;
    private ValueMatchResult _matches = null!;

    [Params("How many customers live in Tasoren or Milan?", "Show the orders of the tenant named Sorvel Anis with the total price above 100")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        string Word()
        {
            var word = new char[random.Next(3, 10)];
            for (var i = 0; i < word.Length; i++)
                word[i] = Letters[random.Next(Letters.Length)];
            word[0] = char.ToUpperInvariant(word[0]);
            return new string(word);
        }
        var tables = new List<Table>();
        var columns = new List<ColumnValues>();
        for (var t = 0; t < 1000; t++)
        {
            tables.Add(new Table($"table_{t}", Enumerable.Range(0, 4).Select(c => new Column($"column_{c}", "text"))));
            for (var c = 0; c < 4; c++)
                columns.Add(new ColumnValues($"table_{t}", $"column_{c}",
                    Enumerable.Range(0, 250).Select(_ => random.Next(3) == 0 ? Word() + " " + Word() : Word()).Distinct()));
        }
        _schema = new DatabaseSchema("synthetic", tables);
        _index = new ValueIndex(_schema, columns);
        _matches = _index.Match(Question); // prepares every column once, as the first question on a database does
    }

    [Benchmark]
    public ValueMatchResult Match() => _index.Match(Question);

    [Benchmark]
    public string SerializeWithMatches() => PicardSerializer.Default.Serialize(_schema, Question, _matches).Text;
}
