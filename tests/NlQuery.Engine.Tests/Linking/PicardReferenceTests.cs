using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NlQuery.Linking;
using NlQuery.Schema;
using Xunit.Abstractions;

namespace NlQuery.Tests.Linking;

/// <summary>
/// Reproduces <c>../shared/data/picard-format/reference.jsonl</c> (inputs and targets made by PICARD's own code):
/// every line byte for byte, except those marked <c>ties_unstable</c>, where values tied in BRIDGE's ranking may be
/// chosen or ordered differently (PICARD's order there comes from Python's per-run string hashing).
/// </summary>
public sealed class PicardReferenceTests(ITestOutputHelper output)
{
    private sealed record ReferenceLine(int Number, string DbId, string Question, string Query, string Input, string Target, bool TiesUnstable);

    [SharedDataFact]
    public void ReproducesPicardInputsAndTargets()
    {
        var lines = File.ReadLines(SharedData.Combine("data", "picard-format", "reference.jsonl"))
            .Select((line, i) => Parse(i + 1, line)).ToList();
        var serializer = PicardSerializer.Default;
        var clock = Stopwatch.StartNew();
        int exact = 0, tolerated = 0, toleratedUnmarked = 0, targetsEqual = 0;
        var failures = new List<string>();
        var unmarked = new List<string>();
        var indexTime = TimeSpan.Zero;

        foreach (var group in lines.GroupBy(l => l.DbId))
        {
            var path = Path.Combine(SharedData.SpiderDir, "database", group.Key, group.Key + ".sqlite");
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            var schema = SqliteSchemaReader.Instance.Read(connection, group.Key);
            var started = clock.Elapsed;
            var index = ValueIndex.Build(connection, schema, ValueIndexOptions.Complete);
            indexTime += clock.Elapsed - started;

            foreach (var line in group)
            {
                var target = serializer.SerializeTarget(line.DbId, line.Query);
                if (target == line.Target)
                    targetsEqual++;
                else
                    failures.Add($"line {line.Number} target:\n  expected {line.Target}\n  actual   {target}");

                var input = serializer.Serialize(schema, line.Question, index);
                if (input.Text == line.Input)
                {
                    exact++;
                    continue;
                }
                // The reference marks the lines whose output changed between two hash seeds; a line can be unstable and
                // still agree in two runs, so every line gets the tie check, and lines not marked are counted apart.
                var why = TieTolerantDifference(input, line.Input, line.Question, index, serializer.Matcher);
                if (why is not null)
                    failures.Add($"line {line.Number} input ({why}):\n  expected {line.Input}\n  actual   {input.Text}");
                else if (line.TiesUnstable)
                    tolerated++;
                else
                {
                    toleratedUnmarked++;
                    unmarked.Add($"line {line.Number} (not marked ties_unstable) differs only in tied values:\n  expected {line.Input}\n  actual   {input.Text}");
                }
            }
        }

        output.WriteLine($"{lines.Count} lines, {lines.Select(l => l.DbId).Distinct().Count()} databases: inputs exact {exact}, " +
            $"equal up to tied values {tolerated} (marked ties_unstable) + {toleratedUnmarked} (not marked), " +
            $"mismatched {lines.Count - exact - tolerated - toleratedUnmarked}; targets equal {targetsEqual}; " +
            $"{clock.Elapsed.TotalSeconds:F1} s (value indexes {indexTime.TotalSeconds:F1} s)");
        foreach (var failure in unmarked.Concat(failures).Take(20))
            output.WriteLine(failure);
        Assert.True(failures.Count == 0, $"{failures.Count} differences; first: {failures.FirstOrDefault()}");
    }

    [SharedDataFact]
    public void TheTieTolerantComparisonRejectsWhatIsNotATie()
    {
        // The lines marked ties_unstable whose input lists values: the comparison must accept our own input and a
        // reordering of tied values, and reject a dropped value, a value that does not match, and a changed name.
        var lines = File.ReadLines(SharedData.Combine("data", "picard-format", "reference.jsonl"))
            .Select((line, i) => Parse(i + 1, line)).Where(l => l.TiesUnstable).ToList();
        var serializer = PicardSerializer.Default;
        var checkedTies = 0;
        foreach (var group in lines.GroupBy(l => l.DbId))
        {
            var path = Path.Combine(SharedData.SpiderDir, "database", group.Key, group.Key + ".sqlite");
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            var schema = SqliteSchemaReader.Instance.Read(connection, group.Key);
            var index = ValueIndex.Build(connection, schema, ValueIndexOptions.Complete);
            foreach (var line in group)
            {
                var input = serializer.Serialize(schema, line.Question, index);
                Assert.Null(TieTolerantDifference(input, input.Text, line.Question, index, serializer.Matcher));
                var column = input.Tables.SelectMany(t => t.Columns).First(c => c.Values.Count > 0);
                var listed = " ( " + string.Join(" , ", column.Values.Select(v => v.Value)) + " )";
                var at = input.Text.IndexOf(column.Text + listed, StringComparison.Ordinal) + column.Text.Length;
                string With(string replacement) => input.Text[..at] + replacement + input.Text[(at + listed.Length)..];

                if (column.Values.Count == 2 && column.Values[0].RankKey == column.Values[1].RankKey)
                {
                    Assert.Null(TieTolerantDifference(input, With($" ( {column.Values[1].Value} , {column.Values[0].Value} )"), line.Question, index, serializer.Matcher));
                    checkedTies++;
                }
                Assert.NotNull(TieTolerantDifference(input, With(column.Values.Count == 1 ? "" : $" ( {column.Values[0].Value} )"), line.Question, index, serializer.Matcher));
                var values = index.Find(column.Column.Table.Name, column.Column.Name)!;
                var unmatched = values.TextValues.FirstOrDefault(v => serializer.Matcher.FindMatches(line.Question, [v]).Count == 0 && !v.Contains(" , ", StringComparison.Ordinal));
                if (unmatched is not null)
                {
                    var replaced = column.Values.Select(v => v.Value).ToArray();
                    replaced[0] = unmatched;
                    Assert.NotNull(TieTolerantDifference(input, With(" ( " + string.Join(" , ", replaced) + " )"), line.Question, index, serializer.Matcher));
                }
                Assert.NotNull(TieTolerantDifference(input, input.Text.Replace(" | ", " | x", StringComparison.Ordinal), line.Question, index, serializer.Matcher));
            }
        }
        Assert.True(checkedTies > 0, "no tied pair was found to reorder: the acceptance side went untested");
        output.WriteLine($"{lines.Count} marked lines checked; {checkedTies} tied pairs reordered and accepted");
    }

    /// <summary>
    /// Null when <paramref name="expected"/> differs from our input only in tied values; else what differs. Walks both
    /// texts in step with our structure: everything outside the value lists must be equal, and each column must list
    /// as many values as ours, where the value at each position is a genuine match of that column (it exists there and
    /// passes every rule) whose rank key equals that of the value we list at that position.
    /// </summary>
    private static string? TieTolerantDifference(ModelInput actual, string expected, string question, ValueIndex index, ValueMatcher matcher)
    {
        var position = 0;
        bool Consume(string text)
        {
            if (string.CompareOrdinal(expected, position, text, 0, text.Length) != 0 || expected.Length - position < text.Length)
                return false;
            position += text.Length;
            return true;
        }

        var head = actual.Text[..actual.Text.IndexOf(" | ", StringComparison.Ordinal)] + " | " + index.Schema.Name;
        if (!Consume(head))
            return "question or db_id differ";
        for (var t = 0; t < actual.Tables.Count; t++)
        {
            var table = actual.Tables[t];
            if (!Consume(" | " + table.Text + " : "))
                return $"table {table.Text} differs";
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var column = table.Columns[c];
                if (c > 0 && !Consume(" , "))
                    return $"column separator before {table.Text}.{column.Text}";
                if (!Consume(column.Text))
                    return $"column {table.Text}.{column.Text} differs";
                // What must follow this column's value list.
                var follow = c + 1 < table.Columns.Count ? " , " + table.Columns[c + 1].Text
                    : t + 1 < actual.Tables.Count ? " | " + actual.Tables[t + 1].Text + " : " : null;
                var listed = new List<string>();
                if (Consume(" ( "))
                {
                    var close = follow is null ? (expected.EndsWith(" )", StringComparison.Ordinal) ? expected.Length - 2 : -1)
                        : expected.IndexOf(" )" + follow, position, StringComparison.Ordinal);
                    if (close < position)
                        return $"value list of {table.Text}.{column.Text} is not closed";
                    listed.AddRange(expected[position..close].Split(" , "));
                    position = close + 2;
                }
                if (listed.Count != column.Values.Count)
                    return $"{table.Text}.{column.Text} lists {listed.Count} values, we list {column.Values.Count}";
                var values = index.Find(table.Table.Name, column.Column.Name);
                for (var v = 0; v < listed.Count; v++)
                {
                    if (values is null || !values.TextValues.Contains(listed[v]))
                        return $"'{listed[v]}' is not a value of {table.Text}.{column.Text}";
                    var alone = matcher.Select(matcher.FindMatches(question, [listed[v]]), table.Table.Name, column.Column.Name);
                    if (alone.Count == 0)
                        return $"'{listed[v]}' does not match in {table.Text}.{column.Text}";
                    if (alone[0].RankKey != column.Values[v].RankKey)
                        return $"'{listed[v]}' ranks {alone[0].RankKey}, our value '{column.Values[v].Value}' ranks {column.Values[v].RankKey}";
                }
            }
        }
        return position == expected.Length ? null : "text after the last column";
    }

    private static ReferenceLine Parse(int number, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ReferenceLine(number, root.GetProperty("db_id").GetString()!, root.GetProperty("question").GetString()!,
            root.GetProperty("query").GetString()!, root.GetProperty("input").GetString()!, root.GetProperty("target").GetString()!,
            root.GetProperty("ties_unstable").GetBoolean());
    }
}
