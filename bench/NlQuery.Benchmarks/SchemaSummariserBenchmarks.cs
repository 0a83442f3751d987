using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;

namespace NlQuery.Benchmarks;

/// <summary>
/// Summarising one question over a synthesised 1,000-table SQLite database, once its metadata and value index are
/// built (the one-time in-memory cost is <see cref="SchemaSummariserIndexBenchmarks"/>; the database reads come on top).
/// Target: ≤ 50 ms per question.
/// </summary>
[MemoryDiagnoser]
public class SchemaSummariserBenchmarks
{
    private string _path = "";
    private DatabaseSchema _schema = null!;
    private ValueIndex _values = null!;
    private SchemaSummariser _summariser = null!;

    [Params(
        "How many orders did customers from France place in the sales module?",
        "List the names of employees in the payroll department with a salary above 5000",
        "Which warehouses in Tokyo hold stock of products from suppliers in Kenya?")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"nlquery-bench-{SyntheticDatabase.TableCount}-tables.sqlite");
        SyntheticDatabase.Create(_path);
        using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        _schema = SqliteSchemaReader.Instance.Read(connection);
        if (_schema.Tables.Count < SyntheticDatabase.TableCount)
            throw new InvalidOperationException($"expected {SyntheticDatabase.TableCount} tables, read {_schema.Tables.Count}");
        _values = ValueIndex.Build(connection, _schema);
        _summariser = new SchemaSummariser(_schema, _values);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Rank every table and column and keep what fits 512 tokens (value matching included).</summary>
    [Benchmark]
    public SchemaSummary Summarise() => _summariser.Summarise(Question);

    /// <summary>The same, plus the model input text.</summary>
    [Benchmark]
    public string SummariseAndSerialize() => _summariser.Summarise(Question).Serialize().Text;
}

/// <summary>The one-time in-memory part of the index over the same 1,000 tables: name postings, foreign-key graph, value prefilter.</summary>
[MemoryDiagnoser]
public class SchemaSummariserIndexBenchmarks
{
    private string _path = "";
    private DatabaseSchema _schema = null!;
    private ValueIndex _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"nlquery-bench-index-{SyntheticDatabase.TableCount}-tables.sqlite");
        SyntheticDatabase.Create(_path);
        using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        _schema = SqliteSchemaReader.Instance.Read(connection);
        _values = ValueIndex.Build(connection, _schema);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public SchemaSummariser BuildSummariser() => new(_schema, _values);
}
