namespace NlQuery.Cli.Fuzzing;

/// <summary>Which part of the parser a fuzz failure points at, so a report says where to look first.</summary>
internal enum FuzzFailureKind
{
    /// <summary>Parse or Extend threw: the incremental parser itself.</summary>
    ParserException,

    /// <summary>A result was incoherent, Extend changed its state, or chunked and whole feeds disagreed.</summary>
    IncrementalInvariant,

    /// <summary>A complete statement failed to build its AST, to print, or to re-parse from its own printing.</summary>
    StatementAndPrinter,

    /// <summary>One input ran past the hang limit.</summary>
    Hang,

    /// <summary>
    /// Printed in the other dialect, a complete statement does not parse there. Reported but not failing the run:
    /// some SQLite constructs have no T-SQL equivalent (and the reverse), so these are a to-do list for the printer.
    /// </summary>
    Translation,
}
