using NlQuery.Linking;

namespace NlQuery.Models.Pointer;

/// <summary>
/// Everything the pointer model reads for one question, built in C# for training and inference alike: the encoder's
/// word-piece ids (<c>[CLS] question [SEP] schema [SEP]</c>), the positions (question words first, then the summarised
/// schema's tables, columns and matched values) with their spans and kinds, and the relation between every two
/// positions, row-major (<c>Relations[i * n + j]</c>).
/// </summary>
public sealed class PointerInput
{
    internal PointerInput(string question, IReadOnlyList<int> inputIds, IReadOnlyList<PointerPosition> positions, int questionWords,
        int[] relations, SchemaSelection selection, bool truncated)
    {
        Question = question;
        InputIds = inputIds;
        Positions = positions;
        QuestionWordCount = questionWords;
        Relations = relations;
        Selection = selection;
        Truncated = truncated;
    }

    /// <summary>The question text the words come from (earlier questions of a conversation first, joined by " | ").</summary>
    public string Question { get; }

    public IReadOnlyList<int> InputIds { get; }

    public IReadOnlyList<PointerPosition> Positions { get; }

    /// <summary>Positions 0 … QuestionWordCount − 1 are question words.</summary>
    public int QuestionWordCount { get; }

    public int[] Relations { get; }

    /// <summary>The schema part the model saw (the summariser's selection).</summary>
    public SchemaSelection Selection { get; }

    /// <summary>Whether a schema item or question word was left out because the word-piece budget ran out.</summary>
    public bool Truncated { get; }
}
