namespace NlQuery.Linking;

/// <summary>How much of a schema a <see cref="SchemaSummariser"/> keeps for one question.</summary>
public sealed class SchemaSummaryOptions
{
    /// <summary>T5's input length: PICARD's checkpoints were trained on 512 tokens.</summary>
    public const int DefaultTokenBudget = 512;

    public static SchemaSummaryOptions Default { get; } = new();

    /// <summary>
    /// Tokens the whole model input (question, db_id, tables, columns, values) may take; the least relevant parts
    /// are dropped first until it fits. Null: no limit.
    /// </summary>
    public int? TokenBudget { get; init; } = DefaultTokenBudget;

    /// <summary>At most this many tables are kept (joining tables included). Null: no limit.</summary>
    public int? MaxTables { get; init; }

    /// <summary>Keep every table and column, as PICARD does: the model input then equals PICARD's exactly.</summary>
    public bool NoPrune { get; init; }

    /// <summary>
    /// After the relevant tables and their joins, fill what is left of the budget with the next tables by rank
    /// (true, the default: models trained on whole schemas see more of one), or keep only the relevant ones (false).
    /// </summary>
    public bool FillBudget { get; init; } = true;

    /// <summary>
    /// A table counts as relevant (kept ahead of the tables that only fill the budget, and joined to the others)
    /// when its score reaches this share of the best table's score.
    /// </summary>
    public double RelevanceRatio { get; init; } = 0.2;

    /// <summary>How many foreign-key hops the summariser walks to join two relevant tables.</summary>
    public int MaxJoinHops { get; init; } = 3;

    /// <summary>
    /// Counts the tokens of a piece of model input. The default is <see cref="TokenEstimate.Count"/>; pass the
    /// T5 SentencePiece tokenizer's count for exact budgets.
    /// </summary>
    public Func<string, int> TokenCounter { get; init; } = TokenEstimate.Count;

    internal void Validate()
    {
        if (TokenBudget is < 1)
            throw new ArgumentOutOfRangeException(nameof(TokenBudget), TokenBudget, "The token budget must be at least 1.");
        if (MaxTables is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxTables), MaxTables, "At least one table must be allowed.");
        if (RelevanceRatio is < 0 or > 1 || double.IsNaN(RelevanceRatio))
            throw new ArgumentOutOfRangeException(nameof(RelevanceRatio), RelevanceRatio, "The relevance ratio must lie between 0 and 1.");
        if (MaxJoinHops < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxJoinHops), MaxJoinHops, "Join hops cannot be negative.");
        ArgumentNullException.ThrowIfNull(TokenCounter);
    }
}
