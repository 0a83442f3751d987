namespace NlQuery.Cli;

/// <summary>
/// What <c>nlq ask</c> (and the other commands) exit with, so that scripts can tell the outcomes apart; README,
/// "Asking from the command line", lists them.
/// </summary>
internal static class ExitCodes
{
    public const int Answered = 0;

    /// <summary>A problem with what the user asked for: a bad option, a missing file, an unreachable database.</summary>
    public const int Usage = 2;

    /// <summary>The question was understood as a question but no candidate SQL survived: NlQuery abstained, with a reason.</summary>
    public const int NoAnswer = 3;

    /// <summary>The question asks to change data or the schema; NlQuery only reads, so nothing ran.</summary>
    public const int WriteRefused = 4;

    /// <summary>CSV output that the row cap cut: the rows printed are a prefix of the result (a note on stderr says so).</summary>
    public const int Truncated = 5;
}
