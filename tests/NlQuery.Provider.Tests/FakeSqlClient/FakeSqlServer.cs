using System.Collections.Concurrent;
using System.Data;
using System.Text.RegularExpressions;

namespace NlQuery.Tests;

/// <summary>
/// A stand-in for a SQL Server behind the fake <c>Microsoft.Data.SqlClient.SqlConnection</c> in this folder: no SQL
/// Server runs where the tests run, and the real SqlConnection is sealed and speaks TDS, so it cannot be pointed here. It answers the statements NlQuery sends to SQL Server and records
/// all of them: the catalog queries (recognised by the views they read, and checked for the <c>@schema</c> parameter
/// and the column count the reader maps), the schema-version probe, the value queries (<c>SELECT DISTINCT TOP</c>
/// over its rows), <c>SET</c> statements, and any other SELECT, which it answers with one row: the statement it
/// received and whether a transaction was open; statements on <c>nlquery_feedback</c> are only recorded. Anything else fails the way a refused statement would.
/// </summary>
public sealed partial class FakeSqlServer
{
    public string DatabaseName { get; init; } = "concert_singer";

    public required IReadOnlyList<FakeTable> Tables { get; init; }

    /// <summary>Foreign keys as (table, column, referenced table, referenced column).</summary>
    public IReadOnlyList<(string Table, string Column, string ToTable, string ToColumn)> ForeignKeys { get; init; } = [];

    /// <summary>What the schema-version probe returns; change it to simulate DDL.</summary>
    public string SchemaVersion { get; set; } = "1";

    public ConcurrentQueue<FakeStatement> Statements { get; } = new();

    public int Commits;

    public int Rollbacks;

    public static FakeSqlServer ConcertSinger() => new()
    {
        Tables =
        [
            new FakeTable("singer",
                [new("singer_id", "int", true), new("name", "nvarchar(50)"), new("country", "nvarchar(50)"), new("age", "int")],
                [[1, "Ana", "France", 30], [2, "Bo", "Spain", 41], [3, "Cy", "Peru", 25]]),
            new FakeTable("concert", [new("concert_id", "int", true), new("theme", "nvarchar(max)"), new("year", "int"), new("singer_id", "int")],
                [[1, "Spring", 2014, 1]]),
        ],
        ForeignKeys = [("concert", "singer_id", "singer", "singer_id")],
    };

    internal DataTable Execute(string sql, IReadOnlyDictionary<string, object?> parameters, bool inTransaction)
    {
        Statements.Enqueue(new FakeStatement(sql, parameters, inTransaction));
        var text = sql.Trim();
        if (text.Contains("INFORMATION_SCHEMA.COLUMNS", StringComparison.Ordinal))
            return Columns(text, parameters);
        if (text.Contains("sys.foreign_key_columns", StringComparison.Ordinal))
            return ForeignKeyRows(text, parameters);
        if (text.Contains("CHECKSUM_AGG", StringComparison.Ordinal) && text.Contains("sys.objects", StringComparison.Ordinal))
            return Table(["version"], [[SchemaVersion]]);
        if (DistinctValues().Match(text) is { Success: true } values)
            return Values(values);
        if (text.Contains("nlquery_feedback", StringComparison.Ordinal))
            return Table(["done"], []); // the feedback store's DDL and inserts: recorded for the tests to read
        if (text.StartsWith("SET ", StringComparison.OrdinalIgnoreCase))
            return Table(["done"], []);
        if (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            return Table(["statement", "in_transaction"], [[text, inTransaction ? 1 : 0]]);
        throw new FakeSqlException($"The fake SQL Server refuses anything but SELECT and SET: {text}");
    }

    private DataTable Columns(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        RequireSchemaParameter(sql, parameters);
        var rows = Tables.SelectMany(t => t.Columns.Select(c => new object?[] { t.Name, t.IsView ? 1 : 0, c.Name, c.Type, c.IsPrimaryKey ? 1 : 0 }));
        return Table(["TABLE_NAME", "is_view", "COLUMN_NAME", "DATA_TYPE", "is_primary_key"], rows);
    }

    private DataTable ForeignKeyRows(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        RequireSchemaParameter(sql, parameters);
        return Table(["table_name", "column_name", "referenced_table", "referenced_column"],
            ForeignKeys.Select(k => new object?[] { k.Table, k.Column, k.ToTable, k.ToColumn }));
    }

    private static void RequireSchemaParameter(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        if (!sql.Contains("@schema", StringComparison.Ordinal) || !parameters.ContainsKey("@schema"))
            throw new FakeSqlException("Must declare the scalar variable \"@schema\".");
    }

    private DataTable Values(Match match)
    {
        var table = Tables.FirstOrDefault(t => t.Name == match.Groups["table"].Value)
                    ?? throw new FakeSqlException($"Invalid object name '{match.Groups["table"].Value}'.");
        var index = table.Columns.ToList().FindIndex(c => c.Name == match.Groups["column"].Value);
        if (index < 0)
            throw new FakeSqlException($"Invalid column name '{match.Groups["column"].Value}'.");
        var top = match.Groups["top"].Success ? int.Parse(match.Groups["top"].Value, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
        return Table([table.Columns[index].Name], table.Rows.Select(r => r[index]).Distinct().Take(top).Select(v => new[] { v }));
    }

    private static DataTable Table(string[] columns, IEnumerable<object?[]> rows)
    {
        var table = new DataTable();
        foreach (var column in columns)
            table.Columns.Add(column, typeof(object));
        foreach (var row in rows)
            table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        return table;
    }

    // ValueIndex's T-SQL form: SELECT DISTINCT TOP (n) "c" FROM (SELECT TOP (m) "c" FROM "t") AS sampled, or FROM "t".
    [GeneratedRegex("""^SELECT DISTINCT (TOP \((?<top>\d+)\) )?"(?<column>[^"]+)" FROM (\(SELECT TOP \(\d+\) "[^"]+" FROM "(?<table>[^"]+)"\) AS sampled|"(?<table>[^"]+)")$""")]
    private static partial Regex DistinctValues();
}
