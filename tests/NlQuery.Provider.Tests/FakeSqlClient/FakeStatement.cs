namespace NlQuery.Tests;

/// <summary>One statement a <see cref="FakeSqlServer"/> received, with its parameters and whether a transaction was open.</summary>
public sealed record FakeStatement(string Sql, IReadOnlyDictionary<string, object?> Parameters, bool InTransaction);
