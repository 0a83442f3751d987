using System.Text.Json;

namespace NlQuery.Cli.Output;

/// <summary>
/// The JSON document of an answer, shared by <c>nlq ask --format json</c> and <c>nlq serve</c>'s <c>/api/ask</c> so that
/// a script can move from one to the other without changing how it reads the result.
/// </summary>
internal static class AnswerJson
{
    /// <summary>
    /// Writes <c>sql</c>, <c>columns</c>, <c>rows</c>, <c>truncated</c> (when asked), <c>row_cap</c> (when given),
    /// <c>confidence</c>, <c>uncertain</c>, <c>alternatives</c>, with a language model <c>prompt</c> and <c>attempts</c>,
    /// and <c>timings</c> into an object being written.
    /// </summary>
    public static void WriteProperties(Utf8JsonWriter json, Answer answer, bool includeTruncated = false, int? rowCap = null)
    {
        json.WriteString("sql", answer.Sql);
        ResultWriter.WriteJsonProperties(json, answer.Rows, includeTruncated);
        if (rowCap is { } cap)
            json.WriteNumber("row_cap", cap);
        json.WriteNumber("confidence", Math.Round(answer.Confidence, 4));
        json.WriteBoolean("uncertain", answer.IsUncertain);
        WriteAlternatives(json, answer.Alternatives);
        if (answer.Attempts.Count > 0)
        {
            json.WriteString("prompt", answer.ModelInput);
            WriteAttempts(json, answer.Attempts);
        }
        json.WriteStartObject("timings");
        json.WriteNumber("translate_ms", answer.Timings.Translate.TotalMilliseconds);
        json.WriteNumber("validate_ms", answer.Timings.Validate.TotalMilliseconds);
        json.WriteNumber("execute_ms", answer.Timings.Execute.TotalMilliseconds);
        json.WriteNumber("total_ms", answer.Timings.Total.TotalMilliseconds);
        json.WriteEndObject();
    }

    /// <summary>Each reply of a language model: what it wrote, the SQL found in it, and why that was rejected (null: accepted).</summary>
    public static void WriteAttempts(Utf8JsonWriter json, IReadOnlyList<Translation.TranslationAttempt> attempts)
    {
        json.WriteStartArray("attempts");
        foreach (var attempt in attempts)
        {
            json.WriteStartObject();
            json.WriteNumber("sample", attempt.Sample);
            json.WriteNumber("try", attempt.Try);
            json.WriteString("reply", attempt.Reply);
            json.WriteString("sql", attempt.Sql);
            json.WriteString("outcome", attempt.Outcome.ToString().ToLowerInvariant());
            json.WriteString("rejection", attempt.Rejection);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static void WriteAlternatives(Utf8JsonWriter json, IReadOnlyList<CandidateOutcome> alternatives)
    {
        json.WriteStartArray("alternatives");
        foreach (var alternative in alternatives)
        {
            json.WriteStartObject();
            json.WriteString("sql", alternative.Sql);
            json.WriteNumber("score", alternative.Score);
            json.WriteString("skipped", alternative.Failure == CandidateFailure.None ? "not tried" : alternative.Failure.ToString().ToLowerInvariant());
            // Every alternative says why it is not the answer (the README promises "reason" on each).
            json.WriteString("reason", alternative.Reason ?? "not tried: an earlier candidate answered");
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
