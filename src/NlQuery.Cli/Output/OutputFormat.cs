namespace NlQuery.Cli.Output;

/// <summary>How results are printed: a table for people, JSON or CSV for programs.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}
