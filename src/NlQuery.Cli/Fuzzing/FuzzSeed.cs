using NlQuery.Schema;

namespace NlQuery.Cli.Fuzzing;

/// <summary>A valid query the fuzzer mutates, with the schema it is valid against.</summary>
internal sealed record FuzzSeed(string Sql, DatabaseSchema Schema);
