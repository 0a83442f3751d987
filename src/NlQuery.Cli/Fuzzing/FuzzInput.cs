using NlQuery.Sql;

namespace NlQuery.Cli.Fuzzing;

/// <summary>One generated input: the text, how the parser is configured for it, and how it was made (for reports).</summary>
internal sealed record FuzzInput(string Text, FuzzSeed Origin, SqlDialect Dialect, ParseMode Mode, string Kind);
