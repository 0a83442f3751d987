namespace NlQuery.Translation;

/// <summary>A question with the SQL that answers it on the same database: a logged correction, shown to a model as an example.</summary>
public sealed record TranslationExample(string Question, string Sql);
