namespace NlQuery.Tests;

/// <summary>A table of a <see cref="FakeSqlServer"/>: its columns and the rows its value queries see.</summary>
public sealed record FakeTable(string Name, IReadOnlyList<FakeColumn> Columns, IReadOnlyList<object?[]> Rows, bool IsView = false);
