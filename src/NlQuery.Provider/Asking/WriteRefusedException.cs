namespace NlQuery;

/// <summary>
/// The question asks to change data or the schema (in plain language or as SQL pasted in). NlQuery only reads: nothing
/// was translated and nothing ran.
/// </summary>
public sealed class WriteRefusedException : InvalidOperationException
{
    public WriteRefusedException(string question, string operation)
        : base($"NlQuery only reads data; it will not {operation}. Nothing was run. Ask a question about the data instead.")
    {
        Question = question;
        Operation = operation;
    }

    public string Question { get; }

    /// <summary>What the question asked for, as a verb phrase ("delete rows", "drop tables or other objects").</summary>
    public string Operation { get; }
}
