using NlQuery.Linking;

namespace NlQuery.Llm;

/// <summary>How <see cref="LlmTranslator"/> asks the model: re-asks, samples, examples, timeout, and the schema budget.</summary>
public sealed record LlmTranslatorOptions
{
    public static LlmTranslatorOptions Default { get; } = new();

    /// <summary>
    /// How many times one sample is asked again after its SQL was rejected (by the parser or the database), each time
    /// with the rejection's message; 0 asks once.
    /// </summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Replies drawn independently for each question; with more than one, the SQL most of them agree on comes first.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>At most this many logged corrections for the database, the most similar questions first, are shown as examples.</summary>
    public int Examples { get; init; } = 3;

    /// <summary>How long one request to the model may take before it fails with <see cref="LlmFailureKind.Timeout"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The sampling temperature; null: 0 for a single sample, 0.7 when several are drawn (they must be able to differ).</summary>
    public float? Temperature { get; init; }

    /// <summary>
    /// What part of the schema the prompt shows (the summariser's selection). A language model reads far more than the
    /// local model's 512 tokens, so the default budget is larger.
    /// </summary>
    public SchemaSummaryOptions Summary { get; init; } = new() { TokenBudget = 4096 };

    internal float EffectiveTemperature => Temperature ?? (Samples > 1 ? 0.7f : 0f);

    internal void Validate()
    {
        if (MaxRetries is < 0 or > 20)
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "The re-asks per sample must be between 0 and 20.");
        if (Samples is < 1 or > 20)
            throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "The samples per question must be between 1 and 20.");
        if (Examples < 0)
            throw new ArgumentOutOfRangeException(nameof(Examples), Examples, "The number of examples cannot be negative.");
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive (or infinite).");
        if (Temperature is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be between 0 and 2.");
    }
}
