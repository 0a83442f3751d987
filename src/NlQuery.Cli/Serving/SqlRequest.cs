namespace NlQuery.Cli.Serving;

/// <summary><c>POST /api/sql</c>: SQL the user wrote or edited, to run after the parser accepts it as a read-only SELECT.</summary>
internal sealed record SqlRequest(string? Sql);
