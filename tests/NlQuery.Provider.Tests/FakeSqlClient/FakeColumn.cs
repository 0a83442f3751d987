namespace NlQuery.Tests;

/// <summary>A column of a <see cref="FakeTable"/>: what INFORMATION_SCHEMA would say about it.</summary>
public sealed record FakeColumn(string Name, string Type, bool IsPrimaryKey = false);
