namespace NlQuery.Training.Evaluation;

/// <summary>
/// One question of a <see cref="QuestionSetReport"/>: the model's SQL, whether its rows match the gold rows, and the
/// error of whichever query failed (<see cref="GoldError"/>: the gold SQL itself fails, so the pair is not scored).
/// </summary>
public sealed record QuestionResult(string Question, string GoldSql, string PredictedSql, bool Match, string? Error, string? GoldError);
