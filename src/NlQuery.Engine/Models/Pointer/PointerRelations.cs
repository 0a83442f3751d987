namespace NlQuery.Models.Pointer;

/// <summary>
/// Relation ids between two positions, after RAT-SQL's relation types (Wang et al., 2020, table 1): question word
/// distance, name and value matches between question words and schema items, and the schema's own structure. The
/// numbering is part of the model format: a trained model's relation embeddings are indexed by it.
/// </summary>
public static class PointerRelations
{
    // Question word i to question word j: j − i clipped to −2 … 2.
    public const int QuestionDistanceMinus2 = 0;
    public const int QuestionDistanceMinus1 = 1;
    public const int QuestionSelf = 2;
    public const int QuestionDistancePlus1 = 3;
    public const int QuestionDistancePlus2 = 4;

    // Question word and table name: the word is part of the whole name found as an n-gram (exact), equals one word
    // of the name (partial), or neither; each in both directions.
    public const int QuestionTableExact = 5;
    public const int QuestionTablePartial = 6;
    public const int QuestionTableNone = 7;
    public const int TableQuestionExact = 8;
    public const int TableQuestionPartial = 9;
    public const int TableQuestionNone = 10;

    // Question word and column: as for tables, plus "the word is part of a value of this column the question matched".
    public const int QuestionColumnExact = 11;
    public const int QuestionColumnPartial = 12;
    public const int QuestionColumnValue = 13;
    public const int QuestionColumnNone = 14;
    public const int ColumnQuestionExact = 15;
    public const int ColumnQuestionPartial = 16;
    public const int ColumnQuestionValue = 17;
    public const int ColumnQuestionNone = 18;

    // Question word and matched value: the word is one of the value's words.
    public const int QuestionValueMatch = 19;
    public const int QuestionValueNone = 20;
    public const int ValueQuestionMatch = 21;
    public const int ValueQuestionNone = 22;

    // Column to column.
    public const int ColumnSameTable = 23;
    public const int ColumnForeignKeyForward = 24;
    public const int ColumnForeignKeyBackward = 25;
    public const int ColumnOther = 26;
    public const int ColumnSelf = 27;

    // Column and table.
    public const int ColumnPrimaryKeyOf = 28;
    public const int ColumnBelongsTo = 29;
    public const int ColumnTableOther = 30;
    public const int TablePrimaryKey = 31;
    public const int TableHasColumn = 32;
    public const int TableColumnOther = 33;

    // Table to table.
    public const int TableForeignKeyForward = 34;
    public const int TableForeignKeyBackward = 35;
    public const int TableForeignKeyBoth = 36;
    public const int TableOther = 37;
    public const int TableSelf = 38;

    // Values: to their own column and back; anything else that involves a value.
    public const int ValueOfColumn = 39;
    public const int ColumnHasValue = 40;
    public const int ValueOther = 41;
    public const int ValueSelf = 42;

    /// <summary>How many relation ids there are.</summary>
    public const int Count = 43;
}
