namespace NlQuery.Translation;

/// <summary>
/// One finished beam of <see cref="T5Translator.Generate"/>: the model's whole output text (prefix included, e.g.
/// <c>concert_singer | select ...</c>), the part after the prefix, and its length-normalised log-probability.
/// </summary>
public sealed record GeneratedText(string Text, string Sql, double Score, IReadOnlyList<int> Tokens);
