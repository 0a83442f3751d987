namespace NlQuery.Linking;

/// <summary>The text a PICARD-format model reads, with the parts it was built from.</summary>
public sealed class ModelInput
{
    internal ModelInput(string text, string question, IReadOnlyList<string> previousQuestions, IReadOnlyList<SerializedTable> tables)
    {
        Text = text;
        Question = question;
        PreviousQuestions = previousQuestions;
        Tables = tables;
    }

    /// <summary>The exact model input: <c>question | db_id | table : column ( value , value ) , column | …</c>.</summary>
    public string Text { get; }

    /// <summary>The current question.</summary>
    public string Question { get; }

    /// <summary>The earlier questions of the conversation that were included, oldest first.</summary>
    public IReadOnlyList<string> PreviousQuestions { get; }

    /// <summary>The tables shown, in order, with their columns and matched values.</summary>
    public IReadOnlyList<SerializedTable> Tables { get; }

    public override string ToString() => Text;
}
