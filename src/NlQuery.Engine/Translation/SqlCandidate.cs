namespace NlQuery.Translation;

/// <summary>
/// One complete SQL statement the model produced and the parser accepted, printed in the request's dialect.
/// <see cref="Score"/> is the beam's length-normalised log-probability (higher is better).
/// </summary>
public sealed record SqlCandidate(string Sql, double Score);
