namespace NlQuery.Schema;

/// <summary>One column pair of a foreign key: <see cref="Column"/> references <see cref="ReferencedColumn"/>.</summary>
public sealed record ForeignKey(Column Column, Column ReferencedColumn)
{
    public override string ToString() => $"{Column} -> {ReferencedColumn}";
}
