using System.Text.Json;
using NlQuery.Models.Pointer;
using NlQuery.Sql;

namespace NlQuery.Training.Datasets;

/// <summary>
/// The pointer model's format (docs/pointer-model.md): the input built by <see cref="PointerInputBuilder"/> from the
/// summariser's selection, the target actions by <see cref="PointerTargetBuilder"/>; the example's
/// <see cref="TrainingExample.Input"/> is the JSON line's model part (ids, spans, kinds, relations, target), its
/// <see cref="TrainingExample.Target"/> the gold SQL. A query the actions cannot write is dropped with the reason.
/// </summary>
public sealed class PointerExampleFormat(PointerInputBuilder inputs, ActionVocabulary vocabulary) : ITrainingExampleFormat
{
    public PointerInputBuilder Inputs { get; } = inputs ?? throw new ArgumentNullException(nameof(inputs));

    public ActionVocabulary Vocabulary { get; } = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));

    public TrainingExample? Build(TrainingDatabase database, string question, string sql, IReadOnlyList<string> history, string source, out string? reason)
    {
        var input = Inputs.Build(database.Summariser, question, history, out _);
        var actions = new PointerActions(Vocabulary, input, SqlDialect.Sqlite);
        var target = new PointerTargetBuilder(database.Parser).TryBuild(sql, actions, out reason);
        if (target is null)
            return null;
        var line = new PointerExampleLine
        {
            DbId = database.DbId,
            Question = input.Question,
            Sql = sql,
            InputIds = input.InputIds,
            Spans = input.Positions.Select(p => new[] { p.SpanStart, p.SpanEnd }).ToList(),
            Kinds = input.Positions.Select(p => p.Kind).ToList(),
            QuestionWords = input.QuestionWordCount,
            Relations = input.Relations,
            Target = target.Steps,
            TargetInput = target.DecoderInput,
        };
        return new TrainingExample(JsonSerializer.Serialize(line, PointerExampleLine.JsonOptions), sql, database.DbId, source);
    }
}
