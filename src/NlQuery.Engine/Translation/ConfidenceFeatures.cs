namespace NlQuery.Translation;

/// <summary>
/// What is known about an answer when it is given, as a <see cref="ConfidenceCalibration"/> reads it (docs/accuracy.md,
/// "Confidence"). Database verdicts on higher-ranked candidates are not a feature: evaluation answers with the top
/// candidate, so no fit ever sees one; each rejection scales the result by a documented, unfitted factor instead.
/// </summary>
/// <param name="Agreement">The softmax over the candidates' scores, summed over the candidates whose SQL is the answer's (0 to 1).</param>
/// <param name="Score">The answer's length-normalised log-probability (0 or less; <c>exp</c> of it is the fluency).</param>
/// <param name="Margin">How far the answer's score is above the best candidate with other SQL (0 when there is none, at most 5).</param>
/// <param name="MissingLiteral">1 when the SQL compares with a string the database's values do not hold, else 0.</param>
/// <param name="Joins">How many JOINs the SQL has.</param>
/// <param name="Words">The SQL's length in whitespace-separated words, divided by 10.</param>
public readonly record struct ConfidenceFeatures(double Agreement, double Score, double Margin, double MissingLiteral, double Joins, double Words)
{
    /// <summary>The names model.json's <c>confidence.weights</c> uses, in the order of <see cref="ToArray"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["agreement", "score", "margin", "missing_literal", "joins", "words"];

    public double[] ToArray() => [Agreement, Score, Margin, MissingLiteral, Joins, Words];
}
