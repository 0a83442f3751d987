namespace NlQuery.Models.Pointer;

/// <summary>What one position of a <see cref="PointerInput"/> stands for.</summary>
public enum PositionType
{
    /// <summary>A word of the question: a copy action writes it as the question spells it.</summary>
    QuestionWord,
    /// <summary>A table of the summarised schema: a pointer action writes its name.</summary>
    Table,
    /// <summary>A column of the summarised schema: a pointer action writes its name.</summary>
    Column,
    /// <summary>A database value the question matched: a pointer action writes it as a string literal.</summary>
    Value,
}
