using System.Text.RegularExpressions;
using NlQuery.Linking;
using NlQuery.Translation;

namespace NlQuery;

/// <summary>
/// How much to trust an answer: the probability, in [0, 1], that it is right, from what is known when it is given
/// (<see cref="ConfidenceFeatures"/>: agreement between beams, the answer's score and its margin over other SQL,
/// whether its string literals exist in the database, joins and length). The model's fitted
/// <see cref="ConfidenceCalibration"/> (model.json's <c>confidence</c>, fitted by <c>nlq eval spider --fit-confidence</c>)
/// maps them to a probability; its reliability on Spider dev, out of sample, is in docs/accuracy.md.
/// </summary>
/// <remarks>
/// A model folder without a calibration (older models) gets the fixed formula it replaced,
/// <c>sqrt(agreement × exp(score)) × 0.25 if a literal is missing</c>: a score, not a probability. Either way each
/// higher-ranked candidate the parser or the database rejected multiplies the result by 0.75, a factor no fit sets,
/// since evaluation answers with the top candidate and so never sees a rejection.
/// </remarks>
public static partial class AnswerConfidence
{
    public const double RejectedBeforeFactor = 0.75;
    public const double MissingLiteralFactor = 0.25;

    /// <summary>Margins above this add nothing: the other SQL is then far out of the running.</summary>
    private const double MaxMargin = 5;

    /// <param name="scores">Every candidate's score, best first (those tried and those not).</param>
    /// <param name="sqls">The candidates' SQL, in the same order.</param>
    /// <param name="answerIndex">Which candidate answered.</param>
    /// <param name="rejectedBefore">Candidates ranked above the answer that the parser or the database rejected.</param>
    /// <param name="values">The database's value index; null when values are not indexed (no literal check).</param>
    /// <param name="calibration">The model's calibration; null for the fixed formula.</param>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<string> sqls, int answerIndex, int rejectedBefore, ValueIndex? values,
        ConfidenceCalibration? calibration = null) =>
        Compute(Features(scores, sqls, answerIndex, values), rejectedBefore, calibration);

    /// <summary>The confidence of an answer with these features (see the class remarks for <paramref name="rejectedBefore"/>).</summary>
    public static double Compute(ConfidenceFeatures features, int rejectedBefore, ConfidenceCalibration? calibration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rejectedBefore);
        var confidence = calibration?.Predict(features) ?? FixedFormula(features);
        return Math.Clamp(confidence * Math.Pow(RejectedBeforeFactor, rejectedBefore), 0, 1);
    }

    /// <summary>The unfitted formula used before calibrations existed, and still for model folders without one.</summary>
    public static double FixedFormula(ConfidenceFeatures features) =>
        Math.Clamp(Math.Sqrt(features.Agreement * Math.Exp(Math.Min(0, features.Score))) * (features.MissingLiteral > 0 ? MissingLiteralFactor : 1), 0, 1);

    /// <summary>
    /// What is known about candidate <paramref name="answerIndex"/>. Agreement sums the softmax over the candidates with
    /// exactly the answer's SQL: beams that differ only in a value do not support it, since the value is then what the
    /// model is unsure of.
    /// </summary>
    public static ConfidenceFeatures Features(IReadOnlyList<double> scores, IReadOnlyList<string> sqls, int answerIndex, ValueIndex? values)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(sqls);
        if (scores.Count != sqls.Count)
            throw new ArgumentException($"{scores.Count} scores for {sqls.Count} candidates.", nameof(scores));
        ArgumentOutOfRangeException.ThrowIfNegative(answerIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(answerIndex, scores.Count);
        var max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToList();
        var same = Enumerable.Range(0, scores.Count).Where(i => sqls[i] == sqls[answerIndex]).ToList();
        var agreement = same.Sum(i => weights[i]) / weights.Sum();
        var others = Enumerable.Range(0, scores.Count).Where(i => sqls[i] != sqls[answerIndex]).Select(i => scores[i]).ToList();
        var margin = others.Count == 0 ? MaxMargin : Math.Clamp(scores[answerIndex] - others.Max(), -MaxMargin, MaxMargin);
        var sql = sqls[answerIndex];
        var missing = values is not null && HasMissingLiteral(sql, values) ? 1 : 0;
        var joins = JoinKeyword().Count(sql);
        var words = sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length / 10.0;
        return new ConfidenceFeatures(agreement, Math.Min(0, scores[answerIndex]), margin, missing, joins, words);
    }

    /// <summary>Whether the SQL compares with a string the value index holds in no column (LIKE patterns and truncated indexes excepted).</summary>
    internal static bool HasMissingLiteral(string sql, ValueIndex values)
    {
        if (values.Columns.Any(c => c.IsTruncated))
            return false; // some values were not indexed: absence proves nothing
        foreach (Match literal in StringLiteral().Matches(sql))
        {
            var text = literal.Groups[1].Value.Replace("''", "'");
            if (text.Contains('%') || text.Contains('_') || text.Length == 0)
                continue;
            if (!values.Columns.Any(c => c.TextValues.Contains(text, StringComparer.Ordinal)))
                return true;
        }
        return false;
    }

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\bJOIN\b", RegexOptions.IgnoreCase)]
    private static partial Regex JoinKeyword();
}
