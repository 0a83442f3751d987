using NlQuery.Linking;
using NlQuery.Schema;
using R = NlQuery.Models.Pointer.PointerRelations;

namespace NlQuery.Models.Pointer;

/// <summary>
/// Computes the relation between every two positions: the schema-linking features (which question words name which
/// tables and columns, which match database values) and the schema's structure (columns of a table, keys).
/// </summary>
internal static class PointerRelationBuilder
{
    private enum Match : byte { None, Partial, Exact, Value }

    public static int[] Build(IReadOnlyList<PointerPosition> positions, int questionWords, DatabaseSchema schema)
    {
        var n = positions.Count;
        var relations = new int[n * n];
        var question = new string[questionWords];
        var stems = new string[questionWords];
        for (var i = 0; i < questionWords; i++)
        {
            question[i] = positions[i].Text.ToLowerInvariant();
            stems[i] = WordStemmer.Stem(question[i]);
        }

        // Per item, per question word: how the word relates to the item's name (or value).
        var matches = new Match[n][];
        for (var p = questionWords; p < n; p++)
        {
            var position = positions[p];
            matches[p] = position.Type == PositionType.Value ? ValueMatches(position.Text, question) : NameMatches(position.Text, stems, question);
        }
        // A question word inside a matched value links the value's column too.
        for (var p = questionWords; p < n; p++)
        {
            if (positions[p].Type != PositionType.Value)
                continue;
            var column = ColumnPosition(positions, p);
            if (column < 0)
                continue;
            for (var q = 0; q < questionWords; q++)
            {
                if (matches[p][q] != Match.None && matches[column][q] == Match.None)
                    matches[column][q] = Match.Value;
            }
        }

        var forward = new HashSet<(Column, Column)>(schema.ForeignKeys.Select(f => (f.Column, f.ReferencedColumn)));
        var tableLinks = new HashSet<(Table, Table)>(schema.ForeignKeys.Select(f => (f.Column.Table, f.ReferencedColumn.Table)));
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                relations[i * n + j] = Relation(positions, questionWords, matches, forward, tableLinks, i, j);
        }
        return relations;
    }

    /// <summary>Replaces every question-to-schema match relation by the "none" of its direction (the linking ablation).</summary>
    public static void RemoveLinking(int[] relations)
    {
        for (var i = 0; i < relations.Length; i++)
        {
            relations[i] = relations[i] switch
            {
                R.QuestionTableExact or R.QuestionTablePartial => R.QuestionTableNone,
                R.TableQuestionExact or R.TableQuestionPartial => R.TableQuestionNone,
                R.QuestionColumnExact or R.QuestionColumnPartial or R.QuestionColumnValue => R.QuestionColumnNone,
                R.ColumnQuestionExact or R.ColumnQuestionPartial or R.ColumnQuestionValue => R.ColumnQuestionNone,
                R.QuestionValueMatch => R.QuestionValueNone,
                R.ValueQuestionMatch => R.ValueQuestionNone,
                var other => other,
            };
        }
    }

    private static int Relation(IReadOnlyList<PointerPosition> positions, int questionWords, Match[][] matches,
        HashSet<(Column, Column)> forward, HashSet<(Table, Table)> tableLinks, int i, int j)
    {
        var a = positions[i];
        var b = positions[j];
        if (i < questionWords && j < questionWords)
            return Math.Clamp(j - i, -2, 2) + R.QuestionSelf;
        if (i < questionWords)
            return QuestionToItem(b.Type, matches[j][i]);
        if (j < questionWords)
            return ItemToQuestion(a.Type, matches[i][j]);

        if (a.Type == PositionType.Value || b.Type == PositionType.Value)
        {
            if (i == j)
                return R.ValueSelf;
            if (a.Type == PositionType.Value && b.Type == PositionType.Column && a.Column == b.Column)
                return R.ValueOfColumn;
            if (b.Type == PositionType.Value && a.Type == PositionType.Column && a.Column == b.Column)
                return R.ColumnHasValue;
            return R.ValueOther;
        }
        return (a.Type, b.Type) switch
        {
            (PositionType.Column, PositionType.Column) =>
                i == j ? R.ColumnSelf
                : forward.Contains((a.Column!, b.Column!)) ? R.ColumnForeignKeyForward
                : forward.Contains((b.Column!, a.Column!)) ? R.ColumnForeignKeyBackward
                : a.Table == b.Table ? R.ColumnSameTable
                : R.ColumnOther,
            (PositionType.Column, PositionType.Table) =>
                a.Table != b.Table ? R.ColumnTableOther : a.Column!.IsPrimaryKey ? R.ColumnPrimaryKeyOf : R.ColumnBelongsTo,
            (PositionType.Table, PositionType.Column) =>
                a.Table != b.Table ? R.TableColumnOther : b.Column!.IsPrimaryKey ? R.TablePrimaryKey : R.TableHasColumn,
            _ => TableToTable(a.Table!, b.Table!, tableLinks),
        };
    }

    private static int TableToTable(Table a, Table b, HashSet<(Table, Table)> links)
    {
        if (a == b)
            return R.TableSelf;
        var forward = links.Contains((a, b));
        var backward = links.Contains((b, a));
        return forward && backward ? R.TableForeignKeyBoth : forward ? R.TableForeignKeyForward : backward ? R.TableForeignKeyBackward : R.TableOther;
    }

    private static int QuestionToItem(PositionType type, Match match) => type switch
    {
        PositionType.Table => match switch { Match.Exact => R.QuestionTableExact, Match.Partial => R.QuestionTablePartial, _ => R.QuestionTableNone },
        PositionType.Column => match switch
        {
            Match.Exact => R.QuestionColumnExact, Match.Partial => R.QuestionColumnPartial, Match.Value => R.QuestionColumnValue, _ => R.QuestionColumnNone,
        },
        _ => match == Match.None ? R.QuestionValueNone : R.QuestionValueMatch,
    };

    private static int ItemToQuestion(PositionType type, Match match) => type switch
    {
        PositionType.Table => match switch { Match.Exact => R.TableQuestionExact, Match.Partial => R.TableQuestionPartial, _ => R.TableQuestionNone },
        PositionType.Column => match switch
        {
            Match.Exact => R.ColumnQuestionExact, Match.Partial => R.ColumnQuestionPartial, Match.Value => R.ColumnQuestionValue, _ => R.ColumnQuestionNone,
        },
        _ => match == Match.None ? R.ValueQuestionNone : R.ValueQuestionMatch,
    };

    /// <summary>Exact: the word is part of the whole name found as consecutive question words; partial: it equals one of the name's (non-stop) words.</summary>
    private static Match[] NameMatches(string name, string[] stems, string[] question)
    {
        var result = new Match[stems.Length];
        var nameStems = NameWords.Split(name).Select(WordStemmer.Stem).ToArray();
        if (nameStems.Length == 0)
            return result;
        var set = nameStems.ToHashSet(StringComparer.Ordinal);
        for (var q = 0; q < stems.Length; q++)
        {
            if (set.Contains(stems[q]) && !StopWords.Contains(question[q]))
                result[q] = Match.Partial;
        }
        for (var start = 0; start + nameStems.Length <= stems.Length; start++)
        {
            var all = true;
            for (var k = 0; k < nameStems.Length && all; k++)
                all = stems[start + k] == nameStems[k];
            if (!all)
                continue;
            for (var k = 0; k < nameStems.Length; k++)
                result[start + k] = Match.Exact;
        }
        return result;
    }

    /// <summary>A question word matches a value when it is one of the value's words (stop words aside).</summary>
    private static Match[] ValueMatches(string value, string[] question)
    {
        var result = new Match[question.Length];
        var words = PointerInputBuilder.SplitQuestion(value).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        for (var q = 0; q < question.Length; q++)
        {
            if (words.Contains(question[q]) && (!StopWords.Contains(question[q]) || words.Count == 1))
                result[q] = Match.Exact;
        }
        return result;
    }

    /// <summary>The column position a value position follows (values come right after their column and its earlier values).</summary>
    private static int ColumnPosition(IReadOnlyList<PointerPosition> positions, int value)
    {
        for (var p = value - 1; p >= 0; p--)
        {
            if (positions[p].Type == PositionType.Column)
                return positions[p].Column == positions[value].Column ? p : -1;
        }
        return -1;
    }
}
