namespace NlQuery.Training.Promotion;

/// <summary>Whether a candidate replaces the current model, and why (one sentence for the user).</summary>
public sealed record PromotionDecision(bool Promote, string Reason);
