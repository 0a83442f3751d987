using NlQuery.Schema;

namespace NlQuery.Models.Pointer;

/// <summary>
/// One position of the model input: a question word or a schema item, with the word pieces the encoder saw for it
/// (<see cref="SpanStart"/> … <see cref="SpanEnd"/>, end exclusive, into <see cref="PointerInput.InputIds"/>) and
/// its kind id (the embedding input that tells tables, typed columns, keys and values apart).
/// </summary>
public sealed record PointerPosition(PositionType Type, string Text, int SpanStart, int SpanEnd, int Kind)
{
    /// <summary>The table of a table, column or value position.</summary>
    public Table? Table { get; init; }

    /// <summary>The column of a column or value position.</summary>
    public Column? Column { get; init; }
}
