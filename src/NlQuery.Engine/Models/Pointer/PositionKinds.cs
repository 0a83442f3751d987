using NlQuery.Schema;

namespace NlQuery.Models.Pointer;

/// <summary>
/// Kind ids of positions (the model's kind embedding): 0 question word, 1 table, 2 value, then one id per column
/// type × primary key × foreign key. The numbering is part of the model format (docs/pointer-model.md).
/// </summary>
public static class PositionKinds
{
    public const int QuestionWord = 0;
    public const int Table = 1;
    public const int Value = 2;
    private const int FirstColumn = 3;
    private const int ColumnTypes = 5;

    /// <summary>How many kind ids there are.</summary>
    public const int Count = FirstColumn + 4 * ColumnTypes;

    /// <summary>The kind of a column: its type category, whether it is (part of) the primary key and whether it references another table.</summary>
    public static int Column(Column column, bool isForeignKey) =>
        FirstColumn + 4 * TypeCategory(column.DeclaredType) + (column.IsPrimaryKey ? 2 : 0) + (isForeignKey ? 1 : 0);

    /// <summary>0 text, 1 number, 2 time, 3 boolean, 4 other or unknown (SQLite's affinity rules, widened to the other dialects' names).</summary>
    public static int TypeCategory(string declaredType)
    {
        var type = declaredType.ToLowerInvariant();
        if (type.Length == 0)
            return 4;
        if (type.Contains("bool") || type == "bit")
            return 3;
        if (type.Contains("date") || type.Contains("time") || type == "year")
            return 2;
        if (type.Contains("char") || type.Contains("text") || type.Contains("clob") || type.Contains("string"))
            return 0;
        if (type.Contains("int") || type.Contains("real") || type.Contains("floa") || type.Contains("doub") || type.Contains("num")
            || type.Contains("dec") || type.Contains("money") || type.Contains("serial"))
            return 1;
        return 4;
    }
}
