namespace NlQuery.Generation;

/// <summary>Parameters of <see cref="BeamSearch"/>.</summary>
public sealed record BeamSearchOptions
{
    /// <summary>Hypotheses kept at each step, and complete sequences returned at most.</summary>
    public int BeamSize { get; init; } = 4;

    /// <summary>
    /// Tokens of each hypothesis offered to the constraint at each step, best first; the rest of the vocabulary is
    /// masked. Larger values find valid continuations that the model ranks low, at the constraint's cost.
    /// </summary>
    public int TopK { get; init; } = 8;

    /// <summary>
    /// When the constraint accepts none of a hypothesis's <see cref="TopK"/> tokens, its next-best tokens are offered
    /// too, up to this many in all, until <see cref="BeamSize"/> are accepted. 0 (the default) turns this off, as in
    /// PICARD, where such a hypothesis dies; a model that has not learned a schema's names then loses every hypothesis.
    /// </summary>
    public int FallbackTopK { get; init; }

    /// <summary>Generated tokens at most, end-of-sequence included.</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>
    /// Exponent α of the length normalisation: a finished sequence scores sum(log p) / length^α. 0 ranks by raw
    /// log-probability (favours short outputs); 1 by mean log-probability.
    /// </summary>
    public double LengthPenalty { get; init; } = 1.0;

    /// <summary>The end-of-sequence token (T5: 1).</summary>
    public int EosTokenId { get; init; } = 1;

    /// <summary>The token the decoder starts from (T5: the pad token, 0).</summary>
    public int DecoderStartTokenId { get; init; }

    /// <summary>
    /// Tokens every output starts with, fed to the decoder without asking the model, e.g. the target's
    /// <c>db_id | </c> prefix, which the caller knows. They are part of the returned sequences and of the constraint's
    /// state, but add nothing to the score: the model did not choose them. Without this, a model whose top-k misses
    /// the database id loses every hypothesis at the first step under a constraint that demands the prefix.
    /// </summary>
    public IReadOnlyList<int> ForcedPrefix { get; init; } = [];

    internal void Validate()
    {
        if (BeamSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BeamSize), BeamSize, "The beam size must be at least 1.");
        if (TopK < 1)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "Top-k must be at least 1.");
        if (FallbackTopK < 0)
            throw new ArgumentOutOfRangeException(nameof(FallbackTopK), FallbackTopK, "The fallback top-k must be 0 (off) or more.");
        if (MaxLength < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "The maximum length must be at least 1.");
        if (double.IsNaN(LengthPenalty) || double.IsInfinity(LengthPenalty))
            throw new ArgumentOutOfRangeException(nameof(LengthPenalty), LengthPenalty, "The length penalty must be a finite number.");
        if (ForcedPrefix.Count >= MaxLength)
            throw new ArgumentOutOfRangeException(nameof(ForcedPrefix), ForcedPrefix.Count, $"The forced prefix ({ForcedPrefix.Count} tokens) leaves no room within the maximum length ({MaxLength}).");
        if (ForcedPrefix.Contains(EosTokenId))
            throw new ArgumentException("The forced prefix must not contain the end-of-sequence token.", nameof(ForcedPrefix));
    }
}
