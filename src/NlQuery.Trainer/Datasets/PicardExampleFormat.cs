using NlQuery.Linking;
using NlQuery.Sql;

namespace NlQuery.Training.Datasets;

/// <summary>
/// T5 in PICARD's format: the input from <see cref="PicardSerializer"/>, the target <c>db_id | sql</c>; a target the
/// SQLite parser rejects in Guards mode is dropped, since constrained decoding could never produce it.
/// </summary>
public sealed class PicardExampleFormat(PicardSerializer? serializer = null) : ITrainingExampleFormat
{
    private readonly PicardSerializer _serializer = serializer ?? PicardSerializer.Default;

    public PicardSerializer Serializer => _serializer;

    public TrainingExample? Build(TrainingDatabase database, string question, string sql, IReadOnlyList<string> history, string source, out string? reason)
    {
        var target = _serializer.SerializeTarget(database.DbId, sql);
        var body = _serializer.Options.NormalizeNames ? TargetNormalizer.Normalize(sql) : sql;
        var parsed = database.Parser.Parse(body);
        if (parsed.Status != ParseStatus.Complete)
        {
            reason = parsed.Status == ParseStatus.Partial
                ? "parser: incomplete statement"
                : $"parser: {parsed.Error} (at {parsed.ErrorOffset})";
            return null;
        }
        reason = null;
        var input = _serializer.Serialize(database.Schema, question, database.Values, selection: null, previousQuestions: history);
        return new TrainingExample(input.Text, target, database.DbId, source);
    }
}
